package dev.nnet.runtime.metrics;

import dev.nnet.runtime.Dataset;
import dev.nnet.runtime.Network;

/**
 * The base of the metrics that count the samples they got right: the fraction {@code right / total}, with those two
 * counts as the saved state. A subclass says whether one sample counts ({@link #isRight}).
 */
abstract class CountingMetric implements Metric {
  private final String key;
  private long right;
  private long total;

  CountingMetric(String key) {
    this.key = key;
  }

  /** Whether row {@code row} of the last forward pass predicts class {@code target}. */
  abstract boolean isRight(Network net, int row, int target);

  @Override
  public final String key() {
    return key;
  }

  @Override
  public final void reset() {
    right = 0;
    total = 0;
  }

  @Override
  public final void update(Network net, Dataset data, int[] order, int from, int n) {
    for (int r = 0; r < n; r++) {
      if (isRight(net, r, (int) data.targets()[order[from + r] * data.targetSize()])) {
        right++;
      }
    }
    total += n;
  }

  @Override
  public final double[] exportState() {
    return new double[] {right, total};
  }

  @Override
  public final void restoreState(double[] state) {
    Metrics.checkStateLength(key, state, 2);
    right = (long) state[0];
    total = (long) state[1];
  }

  @Override
  public final double value() {
    return total == 0 ? Double.NaN : (double) right / total;
  }
}
