package dev.nnet.runtime.data;

import dev.nnet.runtime.Dataset;

/**
 * Per-feature standardization {@code x' = (x − mean) / std}, with the mean and the (population) standard deviation
 * fitted on the training part only, so that no statistic of validation or test samples leaks into training. A
 * constant feature (std 0) keeps std 1: it becomes 0 everywhere rather than NaN. Mean and std are kept in float32,
 * exactly as saved in a checkpoint, so that a restored model standardizes bit for bit as it did in training.
 */
public final class Standardizer {
  private final float[] mean;
  private final float[] std;

  /** A standardizer with known statistics (restored from a checkpoint); the arrays are copied. */
  public Standardizer(float[] mean, float[] std) {
    if (mean.length != std.length) {
      throw new IllegalArgumentException("mean has " + mean.length + " values, std " + std.length);
    }
    for (int j = 0; j < std.length; j++) {
      if (!(std[j] > 0) || !Float.isFinite(std[j]) || !Float.isFinite(mean[j])) {
        throw new IllegalArgumentException("feature " + j + " has mean " + mean[j] + " and std " + std[j]);
      }
    }
    this.mean = mean.clone();
    this.std = std.clone();
  }

  /** Fits mean and std of every feature over all rows of {@code data} (in double precision). */
  public static Standardizer fit(Dataset data) {
    int f = data.featureSize();
    int n = data.rows();
    if (n == 0) {
      throw new IllegalArgumentException("cannot fit a standardizer on no samples");
    }
    float[] x = new float[f]; // one row at a time: features stored as bytes are read without making their floats
    double[] sum = new double[f];
    for (int r = 0; r < n; r++) {
      data.copyFeatures(r * f, x, 0, f);
      for (int j = 0; j < f; j++) {
        sum[j] += x[j];
      }
    }
    float[] mean = new float[f];
    for (int j = 0; j < f; j++) {
      mean[j] = (float) (sum[j] / n);
    }
    // Two passes: the sum of squared deviations from the mean does not cancel catastrophically.
    double[] squares = new double[f];
    for (int r = 0; r < n; r++) {
      data.copyFeatures(r * f, x, 0, f);
      for (int j = 0; j < f; j++) {
        double d = x[j] - sum[j] / n;
        squares[j] += d * d;
      }
    }
    float[] std = new float[f];
    for (int j = 0; j < f; j++) {
      float s = (float) Math.sqrt(squares[j] / n);
      std[j] = s > 0 && Float.isFinite(s) ? s : 1f;
    }
    return new Standardizer(mean, std);
  }

  /**
   * Standardizes {@code data}'s features and returns the dataset to use from now on: {@code data} itself, changed in
   * place, when its features are floats; a new dataset of floats when they are stored as bytes, which cannot hold
   * standardized values.
   */
  public Dataset apply(Dataset data) {
    if (data.featureSize() != mean.length) {
      throw new IllegalArgumentException(
          "standardizer fitted on " + mean.length + " features, data has " + data.featureSize());
    }
    if (data.bytes() == null) {
      applyInPlace(data.features(), data.rows());
      return data;
    }
    float[] x = new float[data.rows() * data.featureSize()];
    data.copyFeatures(0, x, 0, x.length);
    applyInPlace(x, data.rows());
    return new Dataset(x, data.featureSize(), data.targets(), data.targetSize(), data.rows(), data.classes());
  }

  /** Standardizes {@code rows} samples stored row-major in {@code features}. */
  public void applyInPlace(float[] features, int rows) {
    int f = mean.length;
    for (int r = 0; r < rows; r++) {
      for (int j = 0; j < f; j++) {
        features[r * f + j] = (features[r * f + j] - mean[j]) / std[j];
      }
    }
  }

  public int featureSize() {
    return mean.length;
  }

  /** A copy of the per-feature means. */
  public float[] mean() {
    return mean.clone();
  }

  /** A copy of the per-feature standard deviations (1 for constant features). */
  public float[] std() {
    return std.clone();
  }
}
