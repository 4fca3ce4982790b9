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
 * from x rather than storing it. Statistics are accumulated in double in both precisions.
 */
public final class BatchNormalization {
  private BatchNormalization() {}

  /** The training pass; writes {@code y}, {@code mean}, {@code invStd} and updates the moving statistics. */
  public static void forwardTraining(float[] x, int count, int channels, float[] gamma, float[] beta,
      double momentum, double epsilon, float[] movingMean, float[] movingVariance, float[] mean, float[] invStd,
      float[] y) {
    for (int c = 0; c < channels; c++) {
      double sum = 0;
      for (int i = 0; i < count; i++) {
        sum += x[i * channels + c];
      }
      double mu = count == 0 ? 0 : sum / count;
      double squares = 0;
      for (int i = 0; i < count; i++) {
        double d = x[i * channels + c] - mu;
        squares += d * d;
      }
      double variance = count == 0 ? 0 : squares / count;
      double inv = 1.0 / Math.sqrt(variance + epsilon);
      mean[c] = (float) mu;
      invStd[c] = (float) inv;
      movingMean[c] = (float) (momentum * movingMean[c] + (1 - momentum) * mu);
      movingVariance[c] = (float) (momentum * movingVariance[c] + (1 - momentum) * variance);
      double g = gamma[c];
      double b = beta[c];
      for (int i = 0; i < count; i++) {
        int k = i * channels + c;
        y[k] = (float) (g * (x[k] - mu) * inv + b);
      }
    }
  }

  /** The training pass; writes {@code y}, {@code mean}, {@code invStd} and updates the moving statistics. */
  public static void forwardTraining(double[] x, int count, int channels, double[] gamma, double[] beta,
      double momentum, double epsilon, double[] movingMean, double[] movingVariance, double[] mean,
      double[] invStd, double[] y) {
    for (int c = 0; c < channels; c++) {
      double sum = 0;
      for (int i = 0; i < count; i++) {
        sum += x[i * channels + c];
      }
      double mu = count == 0 ? 0 : sum / count;
      double squares = 0;
      for (int i = 0; i < count; i++) {
        double d = x[i * channels + c] - mu;
        squares += d * d;
      }
      double variance = count == 0 ? 0 : squares / count;
      double inv = 1.0 / Math.sqrt(variance + epsilon);
      mean[c] = mu;
      invStd[c] = inv;
      movingMean[c] = momentum * movingMean[c] + (1 - momentum) * mu;
      movingVariance[c] = momentum * movingVariance[c] + (1 - momentum) * variance;
      for (int i = 0; i < count; i++) {
        int k = i * channels + c;
        y[k] = gamma[c] * (x[k] - mu) * inv + beta[c];
      }
    }
  }

  /** The inference pass, with the moving statistics. */
  public static void forwardInference(float[] x, int count, int channels, float[] gamma, float[] beta,
      float[] movingMean, float[] movingVariance, double epsilon, float[] y) {
    for (int c = 0; c < channels; c++) {
      double scale = gamma[c] / Math.sqrt(movingVariance[c] + epsilon);
      double shift = beta[c] - scale * movingMean[c];
      for (int i = 0; i < count; i++) {
        int k = i * channels + c;
        y[k] = (float) (scale * x[k] + shift);
      }
    }
  }

  /** The inference pass, with the moving statistics. */
  public static void forwardInference(double[] x, int count, int channels, double[] gamma, double[] beta,
      double[] movingMean, double[] movingVariance, double epsilon, double[] y) {
    for (int c = 0; c < channels; c++) {
      double scale = gamma[c] / Math.sqrt(movingVariance[c] + epsilon);
      for (int i = 0; i < count; i++) {
        int k = i * channels + c;
        y[k] = scale * (x[k] - movingMean[c]) + beta[c];
      }
    }
  }

  /** dγ = Σ dy·x̂ and dβ = Σ dy per channel, overwriting {@code dGamma} and {@code dBeta}. */
  public static void parameterGradients(float[] x, float[] dy, int count, int channels, float[] mean,
      float[] invStd, float[] dGamma, float[] dBeta) {
    for (int c = 0; c < channels; c++) {
      double sumDy = 0;
      double sumDyXhat = 0;
      for (int i = 0; i < count; i++) {
        int k = i * channels + c;
        sumDy += dy[k];
        sumDyXhat += dy[k] * ((x[k] - mean[c]) * (double) invStd[c]);
      }
      dBeta[c] = (float) sumDy;
      dGamma[c] = (float) sumDyXhat;
    }
  }

  /** dγ = Σ dy·x̂ and dβ = Σ dy per channel, overwriting {@code dGamma} and {@code dBeta}. */
  public static void parameterGradients(double[] x, double[] dy, int count, int channels, double[] mean,
      double[] invStd, double[] dGamma, double[] dBeta) {
    for (int c = 0; c < channels; c++) {
      double sumDy = 0;
      double sumDyXhat = 0;
      for (int i = 0; i < count; i++) {
        int k = i * channels + c;
        sumDy += dy[k];
        sumDyXhat += dy[k] * (x[k] - mean[c]) * invStd[c];
      }
      dBeta[c] = sumDy;
      dGamma[c] = sumDyXhat;
    }
  }

  /**
   * dx = (γ·invStd)·(dy − dβ/count − x̂·dγ/count), from the gradients {@link #parameterGradients} computed.
   * {@code dx} may be {@code dy}.
   */
  public static void inputGradient(float[] x, float[] dy, int count, int channels, float[] gamma, float[] mean,
      float[] invStd, float[] dGamma, float[] dBeta, float[] dx) {
    for (int c = 0; c < channels; c++) {
      double scale = (double) gamma[c] * invStd[c];
      double meanDy = (double) dBeta[c] / count;
      double meanDyXhat = (double) dGamma[c] / count;
      for (int i = 0; i < count; i++) {
        int k = i * channels + c;
        double xhat = (x[k] - mean[c]) * (double) invStd[c];
        dx[k] = (float) (scale * (dy[k] - meanDy - xhat * meanDyXhat));
      }
    }
  }

  /**
   * dx = (γ·invStd)·(dy − dβ/count − x̂·dγ/count), from the gradients {@link #parameterGradients} computed.
   * {@code dx} may be {@code dy}.
   */
  public static void inputGradient(double[] x, double[] dy, int count, int channels, double[] gamma,
      double[] mean, double[] invStd, double[] dGamma, double[] dBeta, double[] dx) {
    for (int c = 0; c < channels; c++) {
      double scale = gamma[c] * invStd[c];
      double meanDy = dBeta[c] / count;
      double meanDyXhat = dGamma[c] / count;
      for (int i = 0; i < count; i++) {
        int k = i * channels + c;
        double xhat = (x[k] - mean[c]) * invStd[c];
        dx[k] = scale * (dy[k] - meanDy - xhat * meanDyXhat);
      }
    }
  }
}
