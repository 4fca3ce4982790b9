package dev.nnet.runtime.metrics;

import dev.nnet.runtime.Dataset;
import dev.nnet.runtime.Network;

/**
 * A metric accumulated over batches: {@link #reset()}, then {@link #update} after each forward pass, then
 * {@link #value()}. Updates allocate nothing.
 */
public interface Metric {
  /** The history key: {@code accuracy}, {@code top_5_accuracy}, {@code precision}, {@code mse}, ... */
  String key();

  void reset();

  /**
   * Adds the batch just run through {@code net}: its row {@code r} is sample {@code order[from + r]} of
   * {@code data}, for {@code r < n}.
   */
  void update(Network net, Dataset data, int[] order, int from, int n);

  /** The metric over everything added since the last reset (NaN before any update). */
  double value();

  /**
   * The accumulators since the last reset, as numbers (counts are exact up to 2<sup>53</sup>), so that a training
   * run interrupted in the middle of an epoch can save them and, resumed, report the same value as a run that was
   * never interrupted.
   */
  double[] exportState();

  /**
   * Sets the accumulators to values from {@link #exportState()} of a metric with the same key and shape.
   *
   * @throws IllegalArgumentException when {@code state} has the wrong length
   */
  void restoreState(double[] state);

  /** Whether a smaller value is better (errors) rather than a larger one (accuracies, R²). */
  default boolean lowerIsBetter() {
    return false;
  }
}
