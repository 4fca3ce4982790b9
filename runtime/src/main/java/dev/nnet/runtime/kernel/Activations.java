package dev.nnet.runtime.kernel;

import static dev.nnet.runtime.kernel.Subnormals.flush;
import static dev.nnet.runtime.kernel.Subnormals.toFloat;

import org.apache.commons.numbers.gamma.Erfc;

/**
 * Activation functions, each forward beside its backward, for float32 and float64 arrays.
 *
 * <p>Forward methods compute {@code y[i] = f(x[i])} for {@code from <= i < from + n} (a range, so that a layer's
 * output can be done a part at a time on several threads); {@code x} and {@code y} may be the same
 * array (in place). Backward methods compute {@code dx[i] = dy[i] · f'(x[i])}; {@code dx} may be {@code dy}. Where
 * f' can be written in terms of the output y (relu, leaky relu, elu, sigmoid, tanh, softplus, softmax), backward
 * takes {@code y}, so the forward pass may overwrite its input; swish, mish and gelu take the input {@code x}.
 *
 * <p>Softmax normalizes each of {@code rows} consecutive runs of {@code cols} values (the last axis), the first
 * starting at index {@code from}.
 *
 * <p>The float32 overloads compute each value in double and round once, so both precisions share one formula.
 * Where that formula calls {@code Math.tanh}, {@code Math.expm1} or {@code Math.log1p} (native fdlibm calls in Java
 * 17, three to five times slower than the {@code Math.exp} and {@code Math.log} intrinsics), the float32 overloads
 * compute the same function through {@code exp} and {@code log} instead ({@link #tanhByExp}, {@link #expm1ByExp},
 * {@link #log1pByLog}): within 1e-13 of it, far below a float's rounding, so they give the same floats.
 *
 * <p>The tails of the exponential (sigmoid, softplus, swish and gelu far below zero, softmax's small terms, elu's
 * slope) are stored as zero where they would be subnormal ({@link Subnormals}), forward and backward, so that the
 * layers and the products after them never compute with subnormals. Those loops call {@code exp} and run scalar in
 * any case. The plain float loops of sigmoid's and tanh's backward ({@code dy·y·(1 − y)}, {@code dy·(1 − y²)}) are
 * left as they are: their factors are already normal or zero, and a comparison would keep C2 from vectorizing them.
 */
public final class Activations {
  private static final double SQRT_HALF = Math.sqrt(0.5);
  private static final double INV_SQRT_2PI = 1.0 / Math.sqrt(2.0 * Math.PI);
  /** Below this magnitude {@link #tanhByExp}, {@link #expm1ByExp} and {@link #log1pByLog} use their series. */
  private static final double SERIES_BELOW = 0x1p-7;
  /** 1/k! for k = 0..7, the coefficients of {@link #expm1ByExp}'s series. */
  private static final double[] INVERSE_FACTORIALS = {1, 1, 1.0 / 2, 1.0 / 6, 1.0 / 24, 1.0 / 120, 1.0 / 720, 1.0 / 5040};

  private Activations() {}

  // ---- relu: y = max(0, x); f' = 1 where y > 0, else 0 (0 at x = 0, as TensorFlow).
  //
  // Written without branches: a value's sign is random, so `x > 0 ? x : 0` mispredicts half the time and runs
  // several times slower than a pass over memory. positive(bits) is all ones exactly where x > 0 (not for −0, NaN
  // or a negative), so x & positive(x) is x > 0 ? x : +0 bit for bit, and dy & positive(y) is y > 0 ? dy : +0.

  public static void relu(float[] x, float[] y, int from, int n) {
    if (Vectorized.worth(n)) {
      VectorPasses.relu(x, y, from, n);
      return;
    }
    for (int i = from, end = from + n; i < end; i++) {
      int bits = Float.floatToRawIntBits(x[i]);
      y[i] = Float.intBitsToFloat(bits & positive(bits));
    }
  }

  public static void relu(double[] x, double[] y, int from, int n) {
    for (int i = from, end = from + n; i < end; i++) {
      long bits = Double.doubleToRawLongBits(x[i]);
      y[i] = Double.longBitsToDouble(bits & positive(bits));
    }
  }

  public static void reluBackward(float[] y, float[] dy, float[] dx, int from, int n) {
    if (Vectorized.worth(n)) {
      VectorPasses.reluBackward(y, dy, dx, from, n);
      return;
    }
    for (int i = from, end = from + n; i < end; i++) {
      int mask = positive(Float.floatToRawIntBits(y[i]));
      dx[i] = Float.intBitsToFloat(Float.floatToRawIntBits(dy[i]) & mask);
    }
  }

  public static void reluBackward(double[] y, double[] dy, double[] dx, int from, int n) {
    for (int i = from, end = from + n; i < end; i++) {
      long mask = positive(Double.doubleToRawLongBits(y[i]));
      dx[i] = Double.longBitsToDouble(Double.doubleToRawLongBits(dy[i]) & mask);
    }
  }

  /**
   * All ones when the float with these bits is greater than zero, else 0. Such floats are exactly the bit patterns
   * 1 to 0x7f800000 (+∞) read as ints; m = bits − 1 must lie in [0, 0x7f800000), tested by two sign bits.
   */
  static int positive(int bits) {
    int m = bits - 1;
    return ((m - 0x7f800000) >> 31) & ~(m >> 31);
  }

  /** As {@link #positive(int)} for a double's bits: 1 to 0x7ff0000000000000 (+∞). */
  static long positive(long bits) {
    long m = bits - 1;
    return ((m - 0x7ff0000000000000L) >> 63) & ~(m >> 63);
  }

  // ---- leaky relu: y = x for x > 0, alpha·x otherwise; f' = 1 or alpha. Needs alpha >= 0 so that y > 0 iff x > 0.

  public static void leakyRelu(float[] x, float[] y, int from, int n, double alpha) {
    float a = (float) alpha;
    for (int i = from, end = from + n; i < end; i++) {
      y[i] = x[i] > 0 ? x[i] : a * x[i];
    }
  }

  public static void leakyRelu(double[] x, double[] y, int from, int n, double alpha) {
    for (int i = from, end = from + n; i < end; i++) {
      y[i] = x[i] > 0 ? x[i] : alpha * x[i];
    }
  }

  public static void leakyReluBackward(float[] y, float[] dy, float[] dx, int from, int n, double alpha) {
    float a = (float) alpha;
    for (int i = from, end = from + n; i < end; i++) {
      dx[i] = y[i] > 0 ? dy[i] : a * dy[i];
    }
  }

  public static void leakyReluBackward(double[] y, double[] dy, double[] dx, int from, int n, double alpha) {
    for (int i = from, end = from + n; i < end; i++) {
      dx[i] = y[i] > 0 ? dy[i] : alpha * dy[i];
    }
  }

  // ---- elu: y = x for x > 0, alpha·(eˣ − 1) otherwise; f' = 1, or alpha·eˣ = y + alpha. Needs alpha > 0.

  public static void elu(float[] x, float[] y, int from, int n, double alpha) {
    for (int i = from, end = from + n; i < end; i++) {
      y[i] = x[i] > 0 ? x[i] : (float) (alpha * expm1ByExp(x[i]));
    }
  }

  public static void elu(double[] x, double[] y, int from, int n, double alpha) {
    for (int i = from, end = from + n; i < end; i++) {
      y[i] = elu(x[i], alpha);
    }
  }

  public static void eluBackward(float[] y, float[] dy, float[] dx, int from, int n, double alpha) {
    for (int i = from, end = from + n; i < end; i++) {
      dx[i] = y[i] > 0 ? dy[i] : toFloat(dy[i] * (y[i] + alpha)); // y + alpha = alpha·eˣ: tiny in the tail
    }
  }

  public static void eluBackward(double[] y, double[] dy, double[] dx, int from, int n, double alpha) {
    for (int i = from, end = from + n; i < end; i++) {
      dx[i] = y[i] > 0 ? dy[i] : dy[i] * (y[i] + alpha);
    }
  }

  private static double elu(double x, double alpha) {
    return x > 0 ? x : alpha * Math.expm1(x);
  }

  // ---- sigmoid: y = 1 / (1 + e⁻ˣ); f' = y·(1 − y).

  public static void sigmoid(float[] x, float[] y, int from, int n) {
    for (int i = from, end = from + n; i < end; i++) {
      y[i] = toFloat(sigmoid(x[i]));
    }
  }

  public static void sigmoid(double[] x, double[] y, int from, int n) {
    for (int i = from, end = from + n; i < end; i++) {
      y[i] = flush(sigmoid(x[i]));
    }
  }

  public static void sigmoidBackward(float[] y, float[] dy, float[] dx, int from, int n) {
    for (int i = from, end = from + n; i < end; i++) {
      dx[i] = dy[i] * y[i] * (1f - y[i]);
    }
  }

  public static void sigmoidBackward(double[] y, double[] dy, double[] dx, int from, int n) {
    for (int i = from, end = from + n; i < end; i++) {
      dx[i] = dy[i] * y[i] * (1.0 - y[i]);
    }
  }

  /** The logistic function, without overflow for large |x|. */
  static double sigmoid(double x) {
    if (x >= 0) {
      return 1.0 / (1.0 + Math.exp(-x));
    }
    double e = Math.exp(x);
    return e / (1.0 + e);
  }

  // ---- tanh: f' = 1 − y².

  public static void tanh(float[] x, float[] y, int from, int n) {
    for (int i = from, end = from + n; i < end; i++) {
      y[i] = (float) tanhByExp(x[i]);
    }
  }

  public static void tanh(double[] x, double[] y, int from, int n) {
    for (int i = from, end = from + n; i < end; i++) {
      y[i] = Math.tanh(x[i]);
    }
  }

  public static void tanhBackward(float[] y, float[] dy, float[] dx, int from, int n) {
    for (int i = from, end = from + n; i < end; i++) {
      dx[i] = dy[i] * (1f - y[i] * y[i]);
    }
  }

  public static void tanhBackward(double[] y, double[] dy, double[] dx, int from, int n) {
    for (int i = from, end = from + n; i < end; i++) {
      dx[i] = dy[i] * (1.0 - y[i] * y[i]);
    }
  }

  // ---- softplus: y = log(1 + eˣ); f' = sigmoid(x) = 1 − e⁻ʸ.

  public static void softplus(float[] x, float[] y, int from, int n) {
    for (int i = from, end = from + n; i < end; i++) {
      y[i] = toFloat(Math.max(x[i], 0) + log1pByLog(Math.exp(-Math.abs((double) x[i]))));
    }
  }

  public static void softplus(double[] x, double[] y, int from, int n) {
    for (int i = from, end = from + n; i < end; i++) {
      y[i] = flush(softplus(x[i]));
    }
  }

  public static void softplusBackward(float[] y, float[] dy, float[] dx, int from, int n) {
    for (int i = from, end = from + n; i < end; i++) {
      dx[i] = toFloat(dy[i] * -expm1ByExp(-y[i]));
    }
  }

  public static void softplusBackward(double[] y, double[] dy, double[] dx, int from, int n) {
    for (int i = from, end = from + n; i < end; i++) {
      dx[i] = flush(dy[i] * -Math.expm1(-y[i]));
    }
  }

  /** log(1 + eˣ) = max(x, 0) + log(1 + e^−|x|), which neither overflows nor loses small values. */
  private static double softplus(double x) {
    return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
  }

  // ---- the float32 paths' tanh, eˣ − 1 and log(1 + u), through the exp and log intrinsics. Each switches to its
  //      Taylor series where the direct formula would cancel: below 2^−7 the series' first omitted term is under
  //      1e-17 relative, and above it the cancellation costs at most a factor 2^7 on exp's and log's ulp, so the
  //      error stays under 1e-13 relative everywhere.

  /** tanh x = ±(1 − e^−2|x|) / (1 + e^−2|x|); near 0, x − x³/3 + 2x⁵/15 − 17x⁷/315 + 62x⁹/2835. */
  static double tanhByExp(double x) {
    double a = Math.abs(x);
    if (a < SERIES_BELOW) {
      double x2 = x * x;
      return x * (1 - x2 * (1.0 / 3 - x2 * (2.0 / 15 - x2 * (17.0 / 315 - x2 * (62.0 / 2835)))));
    }
    double e = Math.exp(-2 * a); // a huge |x| gives e = 0 and ±1; NaN stays NaN
    double t = (1 - e) / (1 + e);
    return x < 0 ? -t : t;
  }

  /** eˣ − 1; near 0, x + x²/2! + … + x⁸/8!. */
  static double expm1ByExp(double x) {
    if (Math.abs(x) < SERIES_BELOW) {
      double sum = 1.0 / 40320;
      for (int k = 7; k >= 1; k--) {
        sum = sum * x + INVERSE_FACTORIALS[k];
      }
      return sum * x;
    }
    return Math.exp(x) - 1;
  }

  /** log(1 + u) for u >= 0; near 0, u − u²/2 + u³/3 − … − u⁸/8. */
  static double log1pByLog(double u) {
    if (u < SERIES_BELOW) {
      double sum = -1.0 / 8;
      for (int k = 7; k >= 1; k--) {
        sum = sum * u + (k % 2 == 1 ? 1.0 : -1.0) / k;
      }
      return sum * u;
    }
    return Math.log(1 + u);
  }

  // ---- swish: y = x·sigmoid(x); f' = s + x·s·(1 − s) with s = sigmoid(x), so backward needs x.

  public static void swish(float[] x, float[] y, int from, int n) {
    for (int i = from, end = from + n; i < end; i++) {
      y[i] = toFloat(x[i] * sigmoid(x[i]));
    }
  }

  public static void swish(double[] x, double[] y, int from, int n) {
    for (int i = from, end = from + n; i < end; i++) {
      y[i] = flush(x[i] * sigmoid(x[i]));
    }
  }

  public static void swishBackward(float[] x, float[] dy, float[] dx, int from, int n) {
    for (int i = from, end = from + n; i < end; i++) {
      dx[i] = toFloat(dy[i] * swishDerivative(x[i]));
    }
  }

  public static void swishBackward(double[] x, double[] dy, double[] dx, int from, int n) {
    for (int i = from, end = from + n; i < end; i++) {
      dx[i] = flush(dy[i] * swishDerivative(x[i]));
    }
  }

  private static double swishDerivative(double x) {
    double s = sigmoid(x);
    return s + x * s * (1.0 - s);
  }

  // ---- mish: y = x·tanh(softplus(x)); f' = t + x·(1 − t²)·sigmoid(x) with t = tanh(softplus(x)), since
  //      softplus' = sigmoid; so backward needs x.

  public static void mish(float[] x, float[] y, int from, int n) {
    for (int i = from, end = from + n; i < end; i++) {
      double v = x[i];
      y[i] = (float) (v * tanhByExp(Math.max(v, 0) + log1pByLog(Math.exp(-Math.abs(v)))));
    }
  }

  public static void mish(double[] x, double[] y, int from, int n) {
    for (int i = from, end = from + n; i < end; i++) {
      y[i] = x[i] * Math.tanh(softplus(x[i]));
    }
  }

  public static void mishBackward(float[] x, float[] dy, float[] dx, int from, int n) {
    for (int i = from, end = from + n; i < end; i++) {
      dx[i] = (float) (dy[i] * mishDerivative(x[i]));
    }
  }

  public static void mishBackward(double[] x, double[] dy, double[] dx, int from, int n) {
    for (int i = from, end = from + n; i < end; i++) {
      dx[i] = dy[i] * mishDerivative(x[i]);
    }
  }

  private static double mishDerivative(double x) {
    double t = Math.tanh(softplus(x));
    return t + x * (1.0 - t * t) * sigmoid(x);
  }

  // ---- gelu (exact, Keras' default approximate=False): y = x·Φ(x), Φ the standard normal CDF;
  //      f' = Φ(x) + x·φ(x), φ(x) = e^(−x²/2) / √(2π), so backward needs x.

  public static void gelu(float[] x, float[] y, int from, int n) {
    for (int i = from, end = from + n; i < end; i++) {
      y[i] = toFloat(x[i] * normalCdf(x[i]));
    }
  }

  public static void gelu(double[] x, double[] y, int from, int n) {
    for (int i = from, end = from + n; i < end; i++) {
      y[i] = flush(x[i] * normalCdf(x[i]));
    }
  }

  public static void geluBackward(float[] x, float[] dy, float[] dx, int from, int n) {
    for (int i = from, end = from + n; i < end; i++) {
      dx[i] = toFloat(dy[i] * geluDerivative(x[i]));
    }
  }

  public static void geluBackward(double[] x, double[] dy, double[] dx, int from, int n) {
    for (int i = from, end = from + n; i < end; i++) {
      dx[i] = flush(dy[i] * geluDerivative(x[i]));
    }
  }

  private static double geluDerivative(double x) {
    return normalCdf(x) + x * INV_SQRT_2PI * Math.exp(-0.5 * x * x);
  }

  /**
   * Φ(x) = erfc(−x/√2) / 2, with Commons Numbers' erfc (within a few ulp, the tails included: relative error near
   * 1e-15 however small Φ gets, since erfc is not computed as 1 − erf).
   */
  static double normalCdf(double x) {
    return 0.5 * Erfc.value(-x * SQRT_HALF);
  }

  // ---- softmax over the last axis: y = e^(x − max) / Σ e^(x − max);
  //      dx = y ⊙ (dy − Σⱼ dyⱼ·yⱼ) per row (the Jacobian-vector product).

  public static void softmax(float[] x, float[] y, int from, int rows, int cols) {
    for (int r = 0; r < rows; r++) {
      int o = from + r * cols;
      float max = Float.NEGATIVE_INFINITY;
      for (int j = 0; j < cols; j++) {
        max = Math.max(max, x[o + j]);
      }
      double sum = 0;
      for (int j = 0; j < cols; j++) {
        float e = toFloat(Math.exp(x[o + j] - max));
        y[o + j] = e;
        sum += e;
      }
      float inv = (float) (1.0 / sum);
      for (int j = 0; j < cols; j++) {
        y[o + j] = flush(y[o + j] * inv);
      }
    }
  }

  public static void softmax(double[] x, double[] y, int from, int rows, int cols) {
    for (int r = 0; r < rows; r++) {
      int o = from + r * cols;
      double max = Double.NEGATIVE_INFINITY;
      for (int j = 0; j < cols; j++) {
        max = Math.max(max, x[o + j]);
      }
      double sum = 0;
      for (int j = 0; j < cols; j++) {
        double e = flush(Math.exp(x[o + j] - max));
        y[o + j] = e;
        sum += e;
      }
      double inv = 1.0 / sum;
      for (int j = 0; j < cols; j++) {
        y[o + j] = flush(y[o + j] * inv);
      }
    }
  }

  public static void softmaxBackward(float[] y, float[] dy, float[] dx, int from, int rows, int cols) {
    for (int r = 0; r < rows; r++) {
      int o = from + r * cols;
      double dot = 0;
      for (int j = 0; j < cols; j++) {
        dot += dy[o + j] * y[o + j];
      }
      float d = (float) dot;
      for (int j = 0; j < cols; j++) {
        dx[o + j] = y[o + j] * (dy[o + j] - d);
      }
    }
  }

  public static void softmaxBackward(double[] y, double[] dy, double[] dx, int from, int rows, int cols) {
    for (int r = 0; r < rows; r++) {
      int o = from + r * cols;
      double dot = 0;
      for (int j = 0; j < cols; j++) {
        dot += dy[o + j] * y[o + j];
      }
      for (int j = 0; j < cols; j++) {
        dx[o + j] = y[o + j] * (dy[o + j] - dot);
      }
    }
  }
}
