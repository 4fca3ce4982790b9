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

  /** Whether a smaller value is better (errors) rather than a larger one (accuracies, R²). */
  default boolean lowerIsBetter() {
    return false;
  }
}
