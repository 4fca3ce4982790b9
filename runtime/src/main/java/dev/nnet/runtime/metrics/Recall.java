package dev.nnet.runtime.metrics;

/** {@code recall}: {@code TP / (TP + FN)} (see {@link ConfusionMatrix}). */
final class Recall extends ConfusionMetric {
  Recall(TaskType task, int outputs) {
    super("recall", task, outputs);
  }

  @Override
  double read(ConfusionMatrix matrix) {
    return matrix.recall();
  }
}
