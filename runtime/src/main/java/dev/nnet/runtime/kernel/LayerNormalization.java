package dev.nnet.runtime.kernel;

/**
 * Layer normalization over the last axis, as Keras' {@code LayerNormalization(axis=-1)}. {@code x} holds
 * {@code count} vectors of {@code features} values (a batch of [h, w, c] samples is rows·h·w vectors of c values),
 * and each vector is normalized by its own statistics, the same in training and at inference:
 *
 * <pre>
 *   forward:   μ = mean(x), σ² = mean((x − μ)²) (biased), x̂ = (x − μ)/√(σ² + ε), y = γ·x̂ + β  (γ, β per feature)
 *   backward:  dβ = Σ dy, dγ = Σ dy·x̂ (over the vectors), g = γ·dy, dx = (1/√(σ² + ε))·(g − mean(g) − x̂·mean(g·x̂))
 * </pre>
 *
 * The forward pass computes each vector's statistics in double (two passes, so the variance does not cancel) and
 * keeps μ and 1/√(σ² + ε) per vector for the backward pass, which recomputes x̂ from x. Parameter gradients are
 * summed in double in {@code work} (at least 2·features values, the caller's, so nothing is allocated).
 */
public final class LayerNormalization {
  private LayerNormalization() {}

  /** y for every vector, float32; writes each vector's μ and 1/√(σ² + ε) into {@code mean} and {@code invStd}. */
  public static void forward(float[] x, int count, int features, float[] gamma, float[] beta, double epsilon, float[] mean,
      float[] invStd, float[] y) {
    for (int v = 0, o = 0; v < count; v++, o += features) {
      double sum = 0;
      for (int f = 0; f < features; f++) {
        sum += x[o + f];
      }
      double mu = sum / features;
      double squares = 0;
      for (int f = 0; f < features; f++) {
        double d = x[o + f] - mu;
        squares += d * d;
      }
      double inv = 1.0 / Math.sqrt(squares / features + epsilon);
      for (int f = 0; f < features; f++) {
        y[o + f] = (float) (gamma[f] * ((x[o + f] - mu) * inv) + beta[f]);
      }
      mean[v] = (float) mu;
      invStd[v] = (float) inv;
    }
  }

  /**
   * float32: dγ and dβ (overwritten) and, when {@code dx} is not null, dx, from the forward pass's {@code mean} and
   * {@code invStd}; {@code dx} may be {@code dy}. {@code work} holds at least 2·features values, scratch.
   */
  public static void backward(float[] x, float[] dy, int count, int features, float[] gamma, float[] mean, float[] invStd,
      double[] work, float[] dGamma, float[] dBeta, float[] dx) {
    java.util.Arrays.fill(work, 0, 2 * features, 0.0);
    for (int v = 0, o = 0; v < count; v++, o += features) {
      double mu = mean[v];
      double inv = invStd[v];
      double sumG = 0;
      double sumGxHat = 0;
      for (int f = 0; f < features; f++) {
        double g = dy[o + f];
        double xHat = (x[o + f] - mu) * inv;
        work[f] += g * xHat;
        work[features + f] += g;
        sumG += gamma[f] * g;
        sumGxHat += gamma[f] * g * xHat;
      }
      if (dx != null) {
        double meanG = sumG / features;
        double meanGxHat = sumGxHat / features;
        for (int f = 0; f < features; f++) {
          double xHat = (x[o + f] - mu) * inv;
          dx[o + f] = (float) (inv * (gamma[f] * dy[o + f] - meanG - xHat * meanGxHat));
        }
      }
    }
    for (int f = 0; f < features; f++) {
      dGamma[f] = (float) work[f];
      dBeta[f] = (float) work[features + f];
    }
  }

  /** y for every vector, float64; writes each vector's μ and 1/√(σ² + ε) into {@code mean} and {@code invStd}. */
  public static void forward(double[] x, int count, int features, double[] gamma, double[] beta, double epsilon, double[] mean,
      double[] invStd, double[] y) {
    for (int v = 0, o = 0; v < count; v++, o += features) {
      double sum = 0;
      for (int f = 0; f < features; f++) {
        sum += x[o + f];
      }
      double mu = sum / features;
      double squares = 0;
      for (int f = 0; f < features; f++) {
        double d = x[o + f] - mu;
        squares += d * d;
      }
      double inv = 1.0 / Math.sqrt(squares / features + epsilon);
      for (int f = 0; f < features; f++) {
        y[o + f] = (gamma[f] * ((x[o + f] - mu) * inv) + beta[f]);
      }
      mean[v] = mu;
      invStd[v] = inv;
    }
  }

  /**
   * float64: dγ and dβ (overwritten) and, when {@code dx} is not null, dx, from the forward pass's {@code mean} and
   * {@code invStd}; {@code dx} may be {@code dy}. {@code work} holds at least 2·features values, scratch.
   */
  public static void backward(double[] x, double[] dy, int count, int features, double[] gamma, double[] mean, double[] invStd,
      double[] work, double[] dGamma, double[] dBeta, double[] dx) {
    java.util.Arrays.fill(work, 0, 2 * features, 0.0);
    for (int v = 0, o = 0; v < count; v++, o += features) {
      double mu = mean[v];
      double inv = invStd[v];
      double sumG = 0;
      double sumGxHat = 0;
      for (int f = 0; f < features; f++) {
        double g = dy[o + f];
        double xHat = (x[o + f] - mu) * inv;
        work[f] += g * xHat;
        work[features + f] += g;
        sumG += gamma[f] * g;
        sumGxHat += gamma[f] * g * xHat;
      }
      if (dx != null) {
        double meanG = sumG / features;
        double meanGxHat = sumGxHat / features;
        for (int f = 0; f < features; f++) {
          double xHat = (x[o + f] - mu) * inv;
          dx[o + f] = (inv * (gamma[f] * dy[o + f] - meanG - xHat * meanGxHat));
        }
      }
    }
    for (int f = 0; f < features; f++) {
      dGamma[f] = work[f];
      dBeta[f] = work[features + f];
    }
  }
}
