package dev.nnet.runtime.train;

import dev.nnet.runtime.Parameter;
import dev.nnet.runtime.metrics.Metrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The early stopping of one {@link Trainer}: after each epoch, whether the monitored value improved by more than
 * {@code min_delta} (losses and errors downwards, the rest upwards), the epochs since it last did, and, with
 * {@code restore_best_weights}, a copy of the best epoch's weights. Without a configuration it never stops.
 */
final class EarlyStopping {
  private final Optional<EarlyStoppingConfig> config;
  private final List<Parameter> params;
  private final int epochs;
  private final List<String> metricKeys;

  private boolean stopped;
  private double best = Double.NaN;
  private int wait;
  private int bestEpoch;
  private WeightsSnapshot bestWeights;

  /**
   * @param epochs the run's number of epochs: stopping after the last one is no early stop
   * @param metricKeys the metrics the run records, which (with the loss, and their {@code val_} forms) can be
   *     monitored
   */
  EarlyStopping(Optional<EarlyStoppingConfig> config, List<Parameter> params, int epochs, List<String> metricKeys) {
    this.config = config;
    this.params = params;
    this.epochs = epochs;
    this.metricKeys = List.copyOf(metricKeys);
  }

  /** Whether the last epoch ended the run early. */
  boolean stopped() {
    return stopped;
  }

  /** The epoch with the best monitored value so far, 0 before any or without early stopping. */
  int bestEpoch() {
    return bestEpoch;
  }

  /** Notes the epoch just recorded, deciding whether the run stops. */
  void afterEpoch(EpochRecord record) {
    if (config.isEmpty()) {
      return;
    }
    EarlyStoppingConfig es = config.get();
    double current = record.get(es.monitor());
    boolean lower = Metrics.lowerIsBetter(es.monitor());
    boolean improved =
        Double.isFinite(current)
            && (Double.isNaN(best) || (lower ? current < best - es.minDelta() : current > best + es.minDelta()));
    if (improved) {
      best = current;
      bestEpoch = record.epoch();
      wait = 0;
      if (es.restoreBest()) {
        if (bestWeights == null) {
          bestWeights = new WeightsSnapshot(params);
        }
        bestWeights.capture();
      }
      return;
    }
    wait++;
    if (wait >= es.patience() && record.epoch() < epochs) {
      stopped = true;
    }
  }

  /** At the end of a run of {@code completedEpochs}, puts back the best epoch's weights when they were kept. */
  void restoreBestWeights(int completedEpochs) {
    if (bestWeights != null && bestEpoch > 0 && bestEpoch != completedEpochs) {
      bestWeights.restore();
    }
  }

  /** Refuses a monitor this run does not record, listing those it could use. */
  void checkMonitor(boolean hasValidation) {
    if (config.isEmpty()) {
      return;
    }
    String monitor = config.get().monitor();
    List<String> keys = new ArrayList<>();
    keys.add("loss");
    keys.addAll(metricKeys);
    if (hasValidation) {
      keys.add("val_loss");
      for (String k : metricKeys) {
        keys.add("val_" + k);
      }
    }
    if (!keys.contains(monitor)) {
      String hint = monitor.startsWith("val_") && !hasValidation
          ? "there is no validation data (set a validation split), so it can monitor one of: "
          : "it can monitor one of: ";
      throw new IllegalArgumentException(
          "early stopping monitors '" + monitor + "', which this run does not record; " + hint + String.join(", ", keys));
    }
  }

  /** A copy of the state, for {@link TrainingState}. */
  TrainingState.EarlyStoppingState state() {
    return new TrainingState.EarlyStoppingState(
        best, wait, bestEpoch, bestWeights == null ? List.of() : bestWeights.export());
  }

  /**
   * The best weights of a saved state, loaded but not yet in effect: a restore checks everything before it changes
   * anything ({@link #restore}).
   *
   * @throws IllegalArgumentException when the saved weights do not fit the network
   */
  WeightsSnapshot load(TrainingState.EarlyStoppingState saved) {
    if (saved.bestWeights().isEmpty()) {
      return null;
    }
    WeightsSnapshot snapshot = new WeightsSnapshot(params);
    snapshot.load(saved.bestWeights());
    return snapshot;
  }

  /** Continues from {@code saved}, with the weights {@link #load} gave for it. */
  void restore(TrainingState.EarlyStoppingState saved, WeightsSnapshot loaded) {
    best = saved.best();
    wait = saved.epochsWithoutImprovement();
    bestEpoch = saved.bestEpoch();
    bestWeights = loaded;
    stopped = false;
  }
}
