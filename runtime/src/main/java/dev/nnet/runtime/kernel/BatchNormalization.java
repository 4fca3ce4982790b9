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
 */
public final class BatchNormalization {
  private BatchNormalization() {}

  /**
   * The training pass; writes {@code y}, {@code mean}, {@code invStd} and updates the moving statistics.
   * {@code work} holds at least 2·channels values; its contents are scratch.
   */
  public static void forwardTraining(float[] x, int count, int channels, float[] gamma, float[] beta,
      double momentum, double epsilon, float[] movingMean, float[] movingVariance, float[] mean, float[] invStd,
      double[] work, float[] y) {
    java.util.Arrays.fill(work, 0, 2 * channels, 0.0);
    for (int i = 0, o = 0; i < count; i++, o += channels) {
      for (int c = 0; c < channels; c++) {
        double d = (double) x[o + c] - x[c];
        work[c] += d;
        work[channels + c] += d * d;
      }
    }
    for (int c = 0; c < channels; c++) {
      double shift = count == 0 ? 0 : x[c];
      double meanShifted = count == 0 ? 0 : work[c] / count;
      double mu = shift + meanShifted;
      double variance = count == 0 ? 0 : Math.max(work[channels + c] / count - meanShifted * meanShifted, 0);
      double inv = 1.0 / Math.sqrt(variance + epsilon);
      mean[c] = (float) mu;
      invStd[c] = (float) inv;
      movingMean[c] = (float) (momentum * movingMean[c] + (1 - momentum) * mu);
      movingVariance[c] = (float) (momentum * movingVariance[c] + (1 - momentum) * variance);
      // y = (x − μ)·scale + β with scale = γ·inv; x − μ first, so that a constant channel gives exactly β
      work[c] = gamma[c] * inv;
      work[channels + c] = mu;
    }
    for (int i = 0, o = 0; i < count; i++, o += channels) {
      for (int c = 0; c < channels; c++) {
        y[o + c] = (float) ((x[o + c] - work[channels + c]) * work[c] + beta[c]);
      }
    }
  }

  /** The training pass in float64, as the float32 one. */
  public static void forwardTraining(double[] x, int count, int channels, double[] gamma, double[] beta,
      double momentum, double epsilon, double[] movingMean, double[] movingVariance, double[] mean,
      double[] invStd, double[] work, double[] y) {
    java.util.Arrays.fill(work, 0, 2 * channels, 0.0);
    for (int i = 0, o = 0; i < count; i++, o += channels) {
      for (int c = 0; c < channels; c++) {
        double d = x[o + c] - x[c];
        work[c] += d;
        work[channels + c] += d * d;
      }
    }
    for (int c = 0; c < channels; c++) {
      double shift = count == 0 ? 0 : x[c];
      double meanShifted = count == 0 ? 0 : work[c] / count;
      double mu = shift + meanShifted;
      double variance = count == 0 ? 0 : Math.max(work[channels + c] / count - meanShifted * meanShifted, 0);
      double inv = 1.0 / Math.sqrt(variance + epsilon);
      mean[c] = mu;
      invStd[c] = inv;
      movingMean[c] = momentum * movingMean[c] + (1 - momentum) * mu;
      movingVariance[c] = momentum * movingVariance[c] + (1 - momentum) * variance;
      work[c] = gamma[c] * inv;
      work[channels + c] = mu;
    }
    for (int i = 0, o = 0; i < count; i++, o += channels) {
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
   * dγ = Σ dy·x̂ and dβ = Σ dy per channel, overwriting {@code dGamma} and {@code dBeta}; one pass over x and dy.
   * {@code work} holds at least 2·channels values; its contents are scratch.
   */
  public static void parameterGradients(float[] x, float[] dy, int count, int channels, float[] mean,
      float[] invStd, double[] work, float[] dGamma, float[] dBeta) {
    java.util.Arrays.fill(work, 0, 2 * channels, 0.0);
    for (int i = 0, o = 0; i < count; i++, o += channels) {
      for (int c = 0; c < channels; c++) {
        double g = dy[o + c];
        work[c] += g;
        work[channels + c] += g * ((double) x[o + c] - mean[c]);
      }
    }
    for (int c = 0; c < channels; c++) {
      dBeta[c] = (float) work[c];
      dGamma[c] = (float) (work[channels + c] * invStd[c]);
    }
  }

  /** dγ and dβ in float64, as the float32 overload. */
  public static void parameterGradients(double[] x, double[] dy, int count, int channels, double[] mean,
      double[] invStd, double[] work, double[] dGamma, double[] dBeta) {
    java.util.Arrays.fill(work, 0, 2 * channels, 0.0);
    for (int i = 0, o = 0; i < count; i++, o += channels) {
      for (int c = 0; c < channels; c++) {
        double g = dy[o + c];
        work[c] += g;
        work[channels + c] += g * (x[o + c] - mean[c]);
      }
    }
    for (int c = 0; c < channels; c++) {
      dBeta[c] = work[c];
      dGamma[c] = work[channels + c] * invStd[c];
    }
  }

  /**
   * dx = (γ·invStd)·(dy − dβ/count − x̂·dγ/count), from the gradients {@link #parameterGradients} computed, in one
   * pass. {@code dx} may be {@code dy}.
   */
  public static void inputGradient(float[] x, float[] dy, int count, int channels, float[] gamma, float[] mean,
      float[] invStd, float[] dGamma, float[] dBeta, float[] dx) {
    double perCount = count == 0 ? 0 : 1.0 / count;
    for (int i = 0, o = 0; i < count; i++, o += channels) {
      for (int c = 0; c < channels; c++) {
        double xhat = ((double) x[o + c] - mean[c]) * invStd[c];
        dx[o + c] = (float) ((double) gamma[c] * invStd[c]
            * (dy[o + c] - perCount * dBeta[c] - xhat * perCount * dGamma[c]));
      }
    }
  }

  /**
   * dx = (γ·invStd)·(dy − dβ/count − x̂·dγ/count), from the gradients {@link #parameterGradients} computed, in one
   * pass. {@code dx} may be {@code dy}.
   */
  public static void inputGradient(double[] x, double[] dy, int count, int channels, double[] gamma,
      double[] mean, double[] invStd, double[] dGamma, double[] dBeta, double[] dx) {
    double perCount = count == 0 ? 0 : 1.0 / count;
    for (int i = 0, o = 0; i < count; i++, o += channels) {
      for (int c = 0; c < channels; c++) {
        double xhat = (x[o + c] - mean[c]) * invStd[c];
        dx[o + c] = gamma[c] * invStd[c] * (dy[o + c] - perCount * dBeta[c] - xhat * perCount * dGamma[c]);
      }
    }
  }
}
