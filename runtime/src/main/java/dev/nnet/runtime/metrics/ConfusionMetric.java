package dev.nnet.runtime.metrics;

import dev.nnet.runtime.Dataset;
import dev.nnet.runtime.Network;

/**
 * The base of the metrics read from a confusion matrix (class 1 for binary tasks, the macro average over classes
 * otherwise), whose counts are the saved state. A subclass says which value it reads ({@link #read}).
 */
abstract class ConfusionMetric implements Metric {
  private final String key;
  private final ConfusionMatrix matrix;

  ConfusionMetric(String key, TaskType task, int outputs) {
    this.key = key;
    this.matrix = new ConfusionMatrix(task, task.classes(outputs));
  }

  /** This metric's value from a matrix with at least one sample. */
  abstract double read(ConfusionMatrix matrix);

  @Override
  public final String key() {
    return key;
  }

  @Override
  public final void reset() {
    matrix.reset();
  }

  @Override
  public final void update(Network net, Dataset data, int[] order, int from, int n) {
    matrix.update(net, data, order, from, n);
  }

  @Override
  public final double[] exportState() {
    return matrix.exportState();
  }

  @Override
  public final void restoreState(double[] state) {
    matrix.restoreState(state);
  }

  @Override
  public final double value() {
    return matrix.total() == 0 ? Double.NaN : read(matrix);
  }
}
