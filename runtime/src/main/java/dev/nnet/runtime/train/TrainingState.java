package dev.nnet.runtime.train;

import dev.nnet.runtime.optim.OptimizerState;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything besides the weights that a run needs to continue exactly as if it had not stopped, after its last
 * completed epoch or after any step of an epoch: a resumed run produces bit-identical weights to an uninterrupted
 * one.
 *
 * @param completedEpochs epochs finished; the run resumes with the next one (or continues it, with
 *     {@code inProgress})
 * @param shuffleRngState the state of the trainer's shuffling generator
 * @param networkRngState the state of the network's own generator (dropout)
 * @param order the training rows' current order: each epoch reshuffles the previous epoch's order in place, so the
 *     order is state, not derivable from the seed alone; with {@code inProgress}, the order of the epoch in progress
 * @param optimizer the optimizer's slots and step count
 * @param history the epochs recorded so far
 * @param earlyStopping the early-stopping bookkeeping (empty values when not configured)
 * @param inProgress the part of epoch {@code completedEpochs + 1} already run, when the run stopped in the middle of
 *     it
 */
public record TrainingState(
    int completedEpochs,
    long shuffleRngState,
    long networkRngState,
    int[] order,
    OptimizerState optimizer,
    List<EpochRecord> history,
    EarlyStoppingState earlyStopping,
    Optional<EpochProgress> inProgress) {

  public TrainingState {
    order = order.clone();
    history = List.copyOf(history);
    Objects.requireNonNull(inProgress, "inProgress");
  }

  /** A state at the boundary between two epochs. */
  public TrainingState(
      int completedEpochs,
      long shuffleRngState,
      long networkRngState,
      int[] order,
      OptimizerState optimizer,
      List<EpochRecord> history,
      EarlyStoppingState earlyStopping) {
    this(completedEpochs, shuffleRngState, networkRngState, order, optimizer, history, earlyStopping,
        Optional.empty());
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

  /**
   * The steps of an epoch already run when training stopped in its middle: the training loss and metrics
   * accumulated over them, so that the resumed epoch reports the same values as an uninterrupted one.
   *
   * @param stepsDone steps of the epoch run, each with its optimizer update ({@code 1..steps})
   * @param lossSum the sum over those steps of the batch's mean loss times its size
   * @param samples the samples in those steps
   * @param seconds the time spent on them
   * @param metrics each training metric's accumulators ({@link dev.nnet.runtime.metrics.Metric#exportState()}), in
   *     the order of the run's metric keys
   */
  public record EpochProgress(int stepsDone, double lossSum, int samples, double seconds, List<double[]> metrics) {
    public EpochProgress {
      if (stepsDone < 1) {
        throw new IllegalArgumentException("an epoch in progress has run at least one step, got " + stepsDone);
      }
      metrics = List.copyOf(metrics);
    }
  }
}
