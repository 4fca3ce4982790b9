package dev.nnet.runtime.metrics;

import dev.nnet.runtime.Dataset;
import dev.nnet.runtime.Network;
import java.util.Arrays;

/**
 * {@code r2}: the coefficient of determination {@code R² = 1 − SS_res / SS_tot} per output, averaged uniformly over
 * outputs (scikit-learn's default). {@code SS_tot} is accumulated with Welford's update, which stays accurate when the
 * targets' mean is large compared with their spread. An output with constant targets scores 1 if predicted
 * exactly, else 0 (scikit-learn's {@code force_finite}).
 */
final class R2 implements Metric {
  private final int outputs;
  private final double[] mean;
  private final double[] m2;
  private final double[] residual;
  private long count;

  R2(int outputs) {
    this.outputs = outputs;
    this.mean = new double[outputs];
    this.m2 = new double[outputs];
    this.residual = new double[outputs];
  }

  @Override
  public String key() {
    return "r2";
  }

  @Override
  public void reset() {
    Arrays.fill(mean, 0);
    Arrays.fill(m2, 0);
    Arrays.fill(residual, 0);
    count = 0;
  }

  @Override
  public void update(Network net, Dataset data, int[] order, int from, int n) {
    float[] targets = data.targets();
    int ts = data.targetSize();
    for (int r = 0; r < n; r++) {
      count++;
      int base = order[from + r] * ts;
      for (int j = 0; j < outputs; j++) {
        double t = targets[base + j];
        double d = t - mean[j];
        mean[j] += d / count;
        m2[j] += d * (t - mean[j]);
        double e = net.output(r, j) - t;
        residual[j] += e * e;
      }
    }
  }

  @Override
  public double[] exportState() {
    double[] state = new double[1 + 3 * outputs];
    state[0] = count;
    System.arraycopy(mean, 0, state, 1, outputs);
    System.arraycopy(m2, 0, state, 1 + outputs, outputs);
    System.arraycopy(residual, 0, state, 1 + 2 * outputs, outputs);
    return state;
  }

  @Override
  public void restoreState(double[] state) {
    Metrics.checkStateLength("r2", state, 1 + 3 * outputs);
    count = (long) state[0];
    System.arraycopy(state, 1, mean, 0, outputs);
    System.arraycopy(state, 1 + outputs, m2, 0, outputs);
    System.arraycopy(state, 1 + 2 * outputs, residual, 0, outputs);
  }

  @Override
  public double value() {
    if (count == 0) {
      return Double.NaN;
    }
    double sum = 0;
    for (int j = 0; j < outputs; j++) {
      sum += m2[j] == 0 ? (residual[j] == 0 ? 1 : 0) : 1 - residual[j] / m2[j];
    }
    return sum / outputs;
  }
}
