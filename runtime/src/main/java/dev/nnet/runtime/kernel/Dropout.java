package dev.nnet.runtime.kernel;

import dev.nnet.runtime.Rng;

/**
 * Inverted dropout: in training each value is kept with probability 1 − rate and scaled by 1/(1 − rate), so that
 * inference needs no scaling at all. The mask (0 or 1/(1 − rate) per value) is kept for the backward pass. Both
 * precisions draw {@code rng.nextDouble()} once per value, so they drop the same units for the same Rng state.
 */
public final class Dropout {
  private Dropout() {}

  /** mask[i] = 0 with probability rate, else 1/(1 − rate); y[i] = x[i]·mask[i]. {@code y} may be {@code x}. */
  public static void forward(float[] x, float[] mask, float[] y, int n, double rate, Rng rng) {
    float scale = rate >= 1 ? 0f : (float) (1.0 / (1.0 - rate));
    int scaleBits = Float.floatToRawIntBits(scale);
    for (int i = 0; i < n; i++) {
      // a mask, not a branch: a coin flip mispredicts half the time
      int keep = rng.nextDouble() < rate ? 0 : -1;
      float m = Float.intBitsToFloat(scaleBits & keep);
      mask[i] = m;
      y[i] = x[i] * m;
    }
  }

  /** mask[i] = 0 with probability rate, else 1/(1 − rate); y[i] = x[i]·mask[i]. {@code y} may be {@code x}. */
  public static void forward(double[] x, double[] mask, double[] y, int n, double rate, Rng rng) {
    double scale = rate >= 1 ? 0.0 : 1.0 / (1.0 - rate);
    long scaleBits = Double.doubleToRawLongBits(scale);
    for (int i = 0; i < n; i++) {
      long keep = rng.nextDouble() < rate ? 0L : -1L;
      double m = Double.longBitsToDouble(scaleBits & keep);
      mask[i] = m;
      y[i] = x[i] * m;
    }
  }

  /** dx[i] = dy[i]·mask[i]. {@code dx} may be {@code dy}. */
  public static void backward(float[] mask, float[] dy, float[] dx, int n) {
    for (int i = 0; i < n; i++) {
      dx[i] = dy[i] * mask[i];
    }
  }

  /** dx[i] = dy[i]·mask[i]. {@code dx} may be {@code dy}. */
  public static void backward(double[] mask, double[] dy, double[] dx, int n) {
    for (int i = 0; i < n; i++) {
      dx[i] = dy[i] * mask[i];
    }
  }
}
