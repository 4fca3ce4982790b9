package dev.nnet.runtime.metrics;

/** {@code f1}: the harmonic mean of precision and recall (see {@link ConfusionMatrix}). */
final class F1 extends ConfusionMetric {
  F1(TaskType task, int outputs) {
    super("f1", task, outputs);
  }

  @Override
  double read(ConfusionMatrix matrix) {
    return matrix.f1();
  }
}
