package dev.nnet.runtime.kernel;

/**
 * Batch normalization over the last axis. {@code x} holds {@code count} vectors of {@code channels} values (a
 * batch of [h, w, c] samples is rows·h·w vectors), and each channel is normalized over all of them:
 *
 * <pre>
 *   training:  μ = mean(x), σ² = mean((x − μ)²) (biased), x̂ = (x − μ)/√(σ² + ε), y = γ·x̂ + β,
 *              moving_mean ← m·moving_mean + (1 − m)·μ, moving_variance ← m·moving_variance + (1 − m)·σ²
 *   inference: y = γ·(x − moving_mean)/√(moving_variance + ε) + β
 *   backward:  dβ = Σ dy, dγ = Σ dy·x̂, dx = (γ/√(σ² + ε))·(dy − dβ/count − x̂·dγ/count)
 * </pre>
 *
 * as Keras does. The training pass keeps μ and 1/√(σ² + ε) per channel for the backward pass, which recomputes x̂
 * from x rather than storing it.
 *
 * <p>Every method reads its arrays once, in memory order, channels innermost: the batch statistics in one pass
 * (the sums of x − k and (x − k)² for k the channel's first value, which keeps the difference of squares from
 * cancelling when the mean is large against the spread), then y in a second; the backward pass likewise. Sums are
 * accumulated in double, in {@code work} (at least 2·channels values, the caller's, so nothing is allocated).
 *
 * <p>The passes over the batch also come in pieces, so that the vectors can be split between threads: each part
 * takes the sums of its vectors {@code [from, from + count)} into its own array ({@link #sums},
 * {@link #gradientSums}), the parts' sums are added in part order ({@link #addSums}), the per-channel results are
 * computed once ({@link #statistics}, {@link #gradients}), and each part then writes its own vectors
 * ({@link #normalize}, {@link #inputGradient}). One part gives the bits of the whole-batch methods; more parts
 * group the sums differently, and so round differently.
 */
public final class BatchNormalization {
  private BatchNormalization() {}

  /**
   * The training pass over the whole batch on the calling thread; writes {@code y}, {@code mean}, {@code invStd}
   * and updates the moving statistics. {@code work} holds at least 2·channels values; its contents are scratch.
   */
  public static void forwardTraining(float[] x, int count, int channels, float[] gamma, float[] beta,
      double momentum, double epsilon, float[] movingMean, float[] movingVariance, float[] mean, float[] invStd,
      double[] work, float[] y) {
    sums(x, 0, count, channels, work);
    statistics(x, count, channels, gamma, momentum, epsilon, movingMean, movingVariance, mean, invStd, work);
    normalize(x, 0, count, channels, work, beta, y);
  }

  /** The training pass in float64, as the float32 one. */
  public static void forwardTraining(double[] x, int count, int channels, double[] gamma, double[] beta,
      double momentum, double epsilon, double[] movingMean, double[] movingVariance, double[] mean,
      double[] invStd, double[] work, double[] y) {
    sums(x, 0, count, channels, work);
    statistics(x, count, channels, gamma, momentum, epsilon, movingMean, movingVariance, mean, invStd, work);
    normalize(x, 0, count, channels, work, beta, y);
  }

  /**
   * The sums of x − k and (x − k)² per channel over the vectors {@code [from, from + count)}, k the channel's value
   * in the batch's first vector, into {@code sums[c]} and {@code sums[channels + c]} (overwritten).
   */
  public static void sums(float[] x, int from, int count, int channels, double[] sums) {
    java.util.Arrays.fill(sums, 0, 2 * channels, 0.0);
    for (int i = 0, o = from * channels; i < count; i++, o += channels) {
      for (int c = 0; c < channels; c++) {
        double d = (double) x[o + c] - x[c];
        sums[c] += d;
        sums[channels + c] += d * d;
      }
    }
  }

  /** {@link #sums(float[], int, int, int, double[])} in float64. */
  public static void sums(double[] x, int from, int count, int channels, double[] sums) {
    java.util.Arrays.fill(sums, 0, 2 * channels, 0.0);
    for (int i = 0, o = from * channels; i < count; i++, o += channels) {
      for (int c = 0; c < channels; c++) {
        double d = x[o + c] - x[c];
        sums[c] += d;
        sums[channels + c] += d * d;
      }
    }
  }

  /** {@code work[0..2·channels) = Σ parts' sums}, added in part order. */
  public static void addSums(double[][] sums, int parts, int channels, double[] work) {
    java.util.Arrays.fill(work, 0, 2 * channels, 0.0);
    for (int p = 0; p < parts; p++) {
      for (int c = 0; c < 2 * channels; c++) {
        work[c] += sums[p][c];
      }
    }
  }

  /**
   * From the sums over all {@code count} vectors in {@code work} ({@link #sums}), the batch's μ and 1/√(σ² + ε)
   * into {@code mean} and {@code invStd}, the moving statistics updated, and in {@code work} what
   * {@link #normalize} needs: γ·inv at {@code c} and μ at {@code channels + c}.
   */
  public static void statistics(float[] x, int count, int channels, float[] gamma, double momentum, double epsilon,
      float[] movingMean, float[] movingVariance, float[] mean, float[] invStd, double[] work) {
    for (int c = 0; c < channels; c++) {
      double shift = count == 0 ? 0 : x[c];
      double meanShifted = count == 0 ? 0 : work[c] / count;
      double mu = shift + meanShifted;
      double variance = count == 0 ? 0 : Math.max(work[channels + c] / count - meanShifted * meanShifted, 0);
      double inv = 1.0 / Math.sqrt(variance + epsilon);
      mean[c] = Subnormals.toFloat(mu);
      invStd[c] = (float) inv;
      // A channel that is zero (a dead unit) decays its moving statistics toward zero: stop them at the last normal.
      movingMean[c] = Subnormals.toFloat(momentum * movingMean[c] + (1 - momentum) * mu);
      movingVariance[c] = Subnormals.toFloat(momentum * movingVariance[c] + (1 - momentum) * variance);
      work[c] = gamma[c] * inv;
      work[channels + c] = mu;
    }
  }

  /** The statistics in float64, as the float32 overload. */
  public static void statistics(double[] x, int count, int channels, double[] gamma, double momentum,
      double epsilon, double[] movingMean, double[] movingVariance, double[] mean, double[] invStd, double[] work) {
    for (int c = 0; c < channels; c++) {
      double shift = count == 0 ? 0 : x[c];
      double meanShifted = count == 0 ? 0 : work[c] / count;
      double mu = shift + meanShifted;
      double variance = count == 0 ? 0 : Math.max(work[channels + c] / count - meanShifted * meanShifted, 0);
      double inv = 1.0 / Math.sqrt(variance + epsilon);
      mean[c] = mu;
      invStd[c] = inv;
      movingMean[c] = Subnormals.flush(momentum * movingMean[c] + (1 - momentum) * mu);
      movingVariance[c] = Subnormals.flush(momentum * movingVariance[c] + (1 - momentum) * variance);
      work[c] = gamma[c] * inv;
      work[channels + c] = mu;
    }
  }

  /**
   * y = (x − μ)·scale + β over the vectors {@code [from, from + count)}, with scale = γ·inv and μ as
   * {@link #statistics} left them in {@code work}; x − μ first, so that a constant channel gives exactly β.
   */
  public static void normalize(float[] x, int from, int count, int channels, double[] work, float[] beta,
      float[] y) {
    for (int i = 0, o = from * channels; i < count; i++, o += channels) {
      for (int c = 0; c < channels; c++) {
        y[o + c] = (float) ((x[o + c] - work[channels + c]) * work[c] + beta[c]);
      }
    }
  }

  /** {@link #normalize(float[], int, int, int, double[], float[], float[])} in float64. */
  public static void normalize(double[] x, int from, int count, int channels, double[] work, double[] beta,
      double[] y) {
    for (int i = 0, o = from * channels; i < count; i++, o += channels) {
      for (int c = 0; c < channels; c++) {
        y[o + c] = (x[o + c] - work[channels + c]) * work[c] + beta[c];
      }
    }
  }

  /**
   * The inference pass, with the moving statistics. {@code work} holds at least channels values; its contents are
   * scratch.
   */
  public static void forwardInference(float[] x, int count, int channels, float[] gamma, float[] beta,
      float[] movingMean, float[] movingVariance, double epsilon, double[] work, float[] y) {
    for (int c = 0; c < channels; c++) {
      work[c] = gamma[c] / Math.sqrt(movingVariance[c] + epsilon);
    }
    for (int i = 0, o = 0; i < count; i++, o += channels) {
      for (int c = 0; c < channels; c++) {
        y[o + c] = (float) (((double) x[o + c] - movingMean[c]) * work[c] + beta[c]);
      }
    }
  }

  /** The inference pass in float64, as the float32 one. */
  public static void forwardInference(double[] x, int count, int channels, double[] gamma, double[] beta,
      double[] movingMean, double[] movingVariance, double epsilon, double[] work, double[] y) {
    for (int c = 0; c < channels; c++) {
      work[c] = gamma[c] / Math.sqrt(movingVariance[c] + epsilon);
    }
    for (int i = 0, o = 0; i < count; i++, o += channels) {
      for (int c = 0; c < channels; c++) {
        y[o + c] = (x[o + c] - movingMean[c]) * work[c] + beta[c];
      }
    }
  }

  /**
   * dγ = Σ dy·x̂ and dβ = Σ dy per channel over the whole batch on the calling thread, overwriting {@code dGamma}
   * and {@code dBeta}; one pass over x and dy. {@code work} holds at least 2·channels values; its contents are
   * scratch.
   */
  public static void parameterGradients(float[] x, float[] dy, int count, int channels, float[] mean,
      float[] invStd, double[] work, float[] dGamma, float[] dBeta) {
    gradientSums(x, dy, 0, count, channels, mean, work);
    gradients(work, channels, invStd, dGamma, dBeta);
  }

  /** dγ and dβ in float64, as the float32 overload. */
  public static void parameterGradients(double[] x, double[] dy, int count, int channels, double[] mean,
      double[] invStd, double[] work, double[] dGamma, double[] dBeta) {
    gradientSums(x, dy, 0, count, channels, mean, work);
    gradients(work, channels, invStd, dGamma, dBeta);
  }

  /**
   * Σ dy and Σ dy·(x − μ) per channel over the vectors {@code [from, from + count)}, into {@code sums[c]} and
   * {@code sums[channels + c]} (overwritten).
   */
  public static void gradientSums(float[] x, float[] dy, int from, int count, int channels, float[] mean,
      double[] sums) {
    java.util.Arrays.fill(sums, 0, 2 * channels, 0.0);
    for (int i = 0, o = from * channels; i < count; i++, o += channels) {
      for (int c = 0; c < channels; c++) {
        double g = dy[o + c];
        sums[c] += g;
        sums[channels + c] += g * ((double) x[o + c] - mean[c]);
      }
    }
  }

  /** {@link #gradientSums(float[], float[], int, int, int, float[], double[])} in float64. */
  public static void gradientSums(double[] x, double[] dy, int from, int count, int channels, double[] mean,
      double[] sums) {
    java.util.Arrays.fill(sums, 0, 2 * channels, 0.0);
    for (int i = 0, o = from * channels; i < count; i++, o += channels) {
      for (int c = 0; c < channels; c++) {
        double g = dy[o + c];
        sums[c] += g;
        sums[channels + c] += g * (x[o + c] - mean[c]);
      }
    }
  }

  /** dβ = Σ dy and dγ = Σ dy·(x − μ)·inv from the sums over the whole batch in {@code work} ({@link #gradientSums}). */
  public static void gradients(double[] work, int channels, float[] invStd, float[] dGamma, float[] dBeta) {
    for (int c = 0; c < channels; c++) {
      dBeta[c] = Subnormals.toFloat(work[c]);
      dGamma[c] = Subnormals.toFloat(work[channels + c] * invStd[c]);
    }
  }

  /** {@link #gradients(double[], int, float[], float[], float[])} in float64. */
  public static void gradients(double[] work, int channels, double[] invStd, double[] dGamma, double[] dBeta) {
    for (int c = 0; c < channels; c++) {
      dBeta[c] = work[c];
      dGamma[c] = work[channels + c] * invStd[c];
    }
  }

  /**
   * dx = (γ·invStd)·(dy − dβ/total − x̂·dγ/total) over the vectors {@code [from, from + count)} of a batch of
   * {@code total}, from the gradients {@link #gradients} computed. {@code dx} may be {@code dy}.
   */
  public static void inputGradient(float[] x, float[] dy, int from, int count, int total, int channels,
      float[] gamma, float[] mean, float[] invStd, float[] dGamma, float[] dBeta, float[] dx) {
    double perCount = total == 0 ? 0 : 1.0 / total;
    for (int i = 0, o = from * channels; i < count; i++, o += channels) {
      for (int c = 0; c < channels; c++) {
        double xhat = ((double) x[o + c] - mean[c]) * invStd[c];
        dx[o + c] = (float) ((double) gamma[c] * invStd[c]
            * (dy[o + c] - perCount * dBeta[c] - xhat * perCount * dGamma[c]));
      }
    }
  }

  /** dx in float64, as the float32 overload. */
  public static void inputGradient(double[] x, double[] dy, int from, int count, int total, int channels,
      double[] gamma, double[] mean, double[] invStd, double[] dGamma, double[] dBeta, double[] dx) {
    double perCount = total == 0 ? 0 : 1.0 / total;
    for (int i = 0, o = from * channels; i < count; i++, o += channels) {
      for (int c = 0; c < channels; c++) {
        double xhat = (x[o + c] - mean[c]) * invStd[c];
        dx[o + c] = gamma[c] * invStd[c] * (dy[o + c] - perCount * dBeta[c] - xhat * perCount * dGamma[c]);
      }
    }
  }
}
