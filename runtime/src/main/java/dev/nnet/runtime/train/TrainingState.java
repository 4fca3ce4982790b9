package dev.nnet.runtime.train;

import dev.nnet.runtime.optim.OptimizerState;
import java.util.List;

/**
 * Everything besides the weights that a run needs to continue after its last completed epoch exactly as if it
 * had not stopped: a resumed run produces bit-identical weights to an uninterrupted one.
 *
 * @param completedEpochs epochs finished; the run resumes with the next one
 * @param shuffleRngState the state of the trainer's shuffling generator
 * @param networkRngState the state of the network's own generator (dropout)
 * @param order the training rows' current order: each epoch reshuffles the previous epoch's order in place, so the
 *     order is state, not derivable from the seed alone
 * @param optimizer the optimizer's slots and step count
 * @param history the epochs recorded so far
 * @param earlyStopping the early-stopping bookkeeping (empty values when not configured)
 */
public record TrainingState(
    int completedEpochs,
    long shuffleRngState,
    long networkRngState,
    int[] order,
    OptimizerState optimizer,
    List<EpochRecord> history,
    EarlyStoppingState earlyStopping) {

  public TrainingState {
    order = order.clone();
    history = List.copyOf(history);
  }

  @Override
  public int[] order() {
    return order.clone();
  }

  /**
   * @param best the best monitored value so far (NaN before the first epoch)
   * @param epochsWithoutImprovement epochs since the last improvement
   * @param bestEpoch the epoch of {@code best} (0 for none)
   * @param bestWeights the weights of the best epoch, one array per parameter widened to double, when restoring the
   *     best weights is asked for; empty otherwise
   */
  public record EarlyStoppingState(double best, int epochsWithoutImprovement, int bestEpoch, List<double[]> bestWeights) {
    public EarlyStoppingState {
      bestWeights = List.copyOf(bestWeights);
    }

    public static EarlyStoppingState none() {
      return new EarlyStoppingState(Double.NaN, 0, 0, List.of());
    }
  }
}
