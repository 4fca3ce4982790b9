package dev.nnet.runtime.metrics;

import dev.nnet.runtime.Dataset;
import dev.nnet.runtime.Network;

/**
 * The base of the mean errors over every output of every sample, whose sum and count are the saved state. For a
 * classifier the error is between the output probabilities and the one-hot target (Keras' mse on probabilities).
 * A subclass says what one difference between output and target costs ({@link #error}).
 */
abstract class MeanError implements Metric {
  private final String key;
  private final int outputs;
  private double sum;
  private long count;

  MeanError(String key, int outputs) {
    this.key = key;
    this.outputs = outputs;
  }

  /** The error of one output, {@code d = output − target}. */
  abstract double error(double d);

  @Override
  public final String key() {
    return key;
  }

  @Override
  public final boolean lowerIsBetter() {
    return true;
  }

  @Override
  public final void reset() {
    sum = 0;
    count = 0;
  }

  @Override
  public final void update(Network net, Dataset data, int[] order, int from, int n) {
    float[] targets = data.targets();
    int ts = data.targetSize();
    boolean oneHot = ts == 1 && outputs > 1;
    for (int r = 0; r < n; r++) {
      int base = order[from + r] * ts;
      for (int j = 0; j < outputs; j++) {
        double t = oneHot ? (targets[base] == j ? 1 : 0) : targets[base + j];
        sum += error(net.output(r, j) - t);
      }
    }
    count += (long) n * outputs;
  }

  @Override
  public final double[] exportState() {
    return new double[] {sum, count};
  }

  @Override
  public final void restoreState(double[] state) {
    Metrics.checkStateLength(key, state, 2);
    sum = state[0];
    count = (long) state[1];
  }

  @Override
  public final double value() {
    return count == 0 ? Double.NaN : sum / count;
  }
}
