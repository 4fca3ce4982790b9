package dev.nnet.runtime.metrics;

import dev.nnet.runtime.Network;

/** {@code accuracy}: the fraction of samples whose predicted class is the target. */
final class Accuracy extends CountingMetric {
  private final TaskType task;

  Accuracy(TaskType task) {
    super("accuracy");
    this.task = task;
  }

  @Override
  boolean isRight(Network net, int row, int target) {
    return Predictions.predictedClass(net, row, task) == target;
  }
}
