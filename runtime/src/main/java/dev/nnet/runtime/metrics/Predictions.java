package dev.nnet.runtime.metrics;

import dev.nnet.runtime.Network;

/** Reading a class out of a network's output row. */
public final class Predictions {
  private Predictions() {}

  /**
   * The predicted class of row {@code row}: for a binary model 1 when the probability is at least 0.5, else 0; for
   * a multiclass model the index of the largest output (the first one on ties).
   */
  public static int predictedClass(Network net, int row, TaskType task) {
    if (task == TaskType.BINARY_CLASSIFICATION) {
      return net.output(row, 0) >= 0.5 ? 1 : 0;
    }
    int best = 0;
    double max = net.output(row, 0);
    for (int j = 1; j < net.outputSize(); j++) {
      double v = net.output(row, j);
      if (v > max) {
        max = v;
        best = j;
      }
    }
    return best;
  }
}
