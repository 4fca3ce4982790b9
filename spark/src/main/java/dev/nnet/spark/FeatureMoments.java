package dev.nnet.spark;

import dev.nnet.runtime.data.Standardizer;
import java.io.Serializable;

/**
 * The count, mean and sum of squared deviations of every feature over some rows, in float64, mergeable: each
 * partition adds its rows (Welford's update), and partial results merge in any order (Chan, Golub and LeVeque's
 * pairwise update), which is what Spark's {@code treeAggregate} needs. For a part {@code a} and a part {@code b}:
 *
 * <pre>
 *   n = n_a + n_b      δ = mean_b − mean_a      mean = mean_a + δ · n_b / n      M2 = M2_a + M2_b + δ² · n_a · n_b / n
 * </pre>
 *
 * Neither update subtracts two large sums, so the result agrees with the runtime's two-pass
 * {@link Standardizer#fit} to float64 rounding (about 1e-15 relative, far below the float32 the standardizer keeps).
 */
final class FeatureMoments implements Serializable {
  private static final long serialVersionUID = 1L;

  private long count;
  private final double[] mean;
  private final double[] m2;

  FeatureMoments(int features) {
    this.mean = new double[features];
    this.m2 = new double[features];
  }

  /** Adds one row of features (Welford). */
  FeatureMoments add(float[] x, int at) {
    count++;
    for (int j = 0; j < mean.length; j++) {
      double d = x[at + j] - mean[j];
      mean[j] += d / count;
      m2[j] += d * (x[at + j] - mean[j]);
    }
    return this;
  }

  /** Adds {@code other}'s rows to these (Chan et al.); returns this. */
  FeatureMoments merge(FeatureMoments other) {
    if (other.count == 0) {
      return this;
    }
    if (count == 0) {
      count = other.count;
      System.arraycopy(other.mean, 0, mean, 0, mean.length);
      System.arraycopy(other.m2, 0, m2, 0, m2.length);
      return this;
    }
    double n = count + other.count;
    for (int j = 0; j < mean.length; j++) {
      double delta = other.mean[j] - mean[j];
      mean[j] += delta * other.count / n;
      m2[j] += other.m2[j] + delta * delta * ((double) count * other.count / n);
    }
    count += other.count;
    return this;
  }

  long count() {
    return count;
  }

  /** The mean of feature {@code j}. */
  double mean(int j) {
    return mean[j];
  }

  /** The population variance of feature {@code j} ({@code M2 / n}). */
  double variance(int j) {
    return m2[j] / count;
  }

  /**
   * The standardizer of these rows, rounded to float32 as {@link Standardizer#fit} rounds its statistics (a constant
   * feature keeps std 1).
   */
  Standardizer standardizer() {
    if (count == 0) {
      throw new IllegalArgumentException("cannot fit a standardizer on no samples");
    }
    float[] m = new float[mean.length];
    float[] std = new float[mean.length];
    for (int j = 0; j < mean.length; j++) {
      m[j] = (float) mean[j];
      float s = (float) Math.sqrt(variance(j));
      std[j] = s > 0 && Float.isFinite(s) ? s : 1f;
    }
    return new Standardizer(m, std);
  }
}
