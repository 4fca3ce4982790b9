package dev.nnet.runtime.metrics;

/** {@code precision}: {@code TP / (TP + FP)} (see {@link ConfusionMatrix}). */
final class Precision extends ConfusionMetric {
  Precision(TaskType task, int outputs) {
    super("precision", task, outputs);
  }

  @Override
  double read(ConfusionMatrix matrix) {
    return matrix.precision();
  }
}
