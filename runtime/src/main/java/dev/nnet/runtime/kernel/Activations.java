package dev.nnet.runtime.kernel;

import static dev.nnet.runtime.kernel.ActivationMath.INV_SQRT_2PI;
import static dev.nnet.runtime.kernel.ActivationMath.expm1ByExp;
import static dev.nnet.runtime.kernel.ActivationMath.log1pByLog;
import static dev.nnet.runtime.kernel.ActivationMath.normalCdf;
import static dev.nnet.runtime.kernel.ActivationMath.positive;
import static dev.nnet.runtime.kernel.ActivationMath.tanhByExp;
import static dev.nnet.runtime.kernel.Subnormals.flush;
import static dev.nnet.runtime.kernel.Subnormals.toFloat;

/**
 * Activation functions, each forward beside its backward, for float32 and float64 arrays.
 *
 * <p>Forward methods compute {@code y[i] = f(x[i])} for {@code from <= i < from + n} (a range, so that a layer's
 * output can be done a part at a time on several threads); {@code x} and {@code y} may be the same
 * array (in place). Backward methods compute {@code dx[i] = dy[i] · f'(x[i])}; {@code dx} may be {@code dy}. Where
 * f' can be written in terms of the output y (relu, leaky relu, elu, sigmoid, tanh, softplus, softmax), backward
 * takes {@code y}, so the forward pass may overwrite its input; swish, mish and gelu take the input {@code x}.
 * Softmax normalizes each of {@code rows} consecutive runs of {@code cols} values (the last axis) from {@code from}.
 *
 * <p>The float32 overloads compute each value in double and round once, so both precisions share one formula.
 * Where that formula calls {@code Math.tanh}, {@code Math.expm1} or {@code Math.log1p} (native fdlibm calls in Java
 * 17, three to five times slower than the {@code Math.exp} and {@code Math.log} intrinsics), the float32 overloads
 * compute the same function through {@code exp} and {@code log} instead ({@link ActivationMath}): within 1e-13 of it,
 * far below a float's rounding, so they give the same floats.
 *
 * <p>The tails of the exponential (sigmoid, softplus, swish and gelu far below zero, softmax's small terms, elu's
 * slope) are stored as zero where they would be subnormal ({@link Subnormals}), forward and backward, so that the
 * layers and the products after them never compute with subnormals. Those loops call {@code exp} and run scalar in
 * any case. The plain float loops of sigmoid's and tanh's backward ({@code dy·y·(1 − y)}, {@code dy·(1 − y²)}) are
 * left as they are: their factors are already normal or zero, and a comparison would keep C2 from vectorizing them.
 */
public final class Activations {
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
      y[i] = toFloat(ActivationMath.sigmoid(x[i]));
    }
  }

  public static void sigmoid(double[] x, double[] y, int from, int n) {
    for (int i = from, end = from + n; i < end; i++) {
      y[i] = flush(ActivationMath.sigmoid(x[i]));
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
      y[i] = flush(ActivationMath.softplus(x[i]));
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

  // ---- swish: y = x·sigmoid(x); f' = s + x·s·(1 − s) with s = sigmoid(x), so backward needs x.

  public static void swish(float[] x, float[] y, int from, int n) {
    for (int i = from, end = from + n; i < end; i++) {
      y[i] = toFloat(x[i] * ActivationMath.sigmoid(x[i]));
    }
  }

  public static void swish(double[] x, double[] y, int from, int n) {
    for (int i = from, end = from + n; i < end; i++) {
      y[i] = flush(x[i] * ActivationMath.sigmoid(x[i]));
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
    double s = ActivationMath.sigmoid(x);
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
      y[i] = x[i] * Math.tanh(ActivationMath.softplus(x[i]));
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
    double t = Math.tanh(ActivationMath.softplus(x));
    return t + x * (1.0 - t * t) * ActivationMath.sigmoid(x);
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

  // ---- softmax over the last axis: y = e^(x − max) / Σ e^(x − max), float32's by GateFunctions' vector expf;
  //      dx = y ⊙ (dy − Σⱼ dyⱼ·yⱼ) per row (the Jacobian-vector product).

  public static void softmax(float[] x, float[] y, int from, int rows, int cols) {
    softmax(x, y, from, rows, cols, null);
  }

  /**
   * Softmax, also leaving each row's log Σ e^x = max + log Σ e^(x − max) in {@code logSumExp[o / cols]}, {@code o}
   * where the row starts (when not null).
   */
  public static void softmax(float[] x, float[] y, int from, int rows, int cols, double[] logSumExp) {
    GateFunctions.expOverRowMax(x, from, y, from, rows, cols, logSumExp); // each row's max, when asked
    for (int r = 0; r < rows; r++) {
      int o = from + r * cols;
      double sum = 0;
      for (int j = 0; j < cols; j++) {
        sum += y[o + j];
      }
      if (logSumExp != null) {
        logSumExp[o / cols] += Math.log(sum);
      }
      float inv = (float) (1.0 / sum);
      for (int j = 0; j < cols; j++) {
        y[o + j] = flush(y[o + j] * inv);
      }
    }
  }

  public static void softmax(double[] x, double[] y, int from, int rows, int cols) {
    softmax(x, y, from, rows, cols, null);
  }

  public static void softmax(double[] x, double[] y, int from, int rows, int cols, double[] logSumExp) {
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
      if (logSumExp != null) {
        logSumExp[o / cols] = max + Math.log(sum);
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
