package dev.nnet.runtime.metrics;

import dev.nnet.runtime.Network;

/**
 * {@code top_K_accuracy}: the fraction of samples whose target is among the {@code k} largest outputs. Outputs tied
 * with the target's count in its favour (as TensorFlow's {@code in_top_k}): the target is in the top k when fewer
 * than k outputs are strictly larger. A binary model's two classes are {@code 1 − p} and {@code p}.
 */
final class TopKAccuracy extends CountingMetric {
  private final int k;
  private final TaskType task;

  TopKAccuracy(String key, int k, TaskType task) {
    super(key);
    if (k < 1) {
      throw new IllegalArgumentException("top-k accuracy needs k of at least 1, got " + k);
    }
    this.k = k;
    this.task = task;
  }

  @Override
  boolean isRight(Network net, int row, int target) {
    int larger;
    if (task == TaskType.BINARY_CLASSIFICATION) {
      double p = net.output(row, 0);
      larger = (target == 1 ? 1 - p > p : p > 1 - p) ? 1 : 0;
    } else {
      double mine = net.output(row, target);
      larger = 0;
      for (int j = 0; j < net.outputSize(); j++) {
        if (net.output(row, j) > mine) {
          larger++;
        }
      }
    }
    return larger < k;
  }
}
