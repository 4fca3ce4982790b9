package dev.nnet.runtime.kernel;

/**
 * Losses, each value beside its gradient, for float32 and float64 arrays. (The L2 penalty a layer adds to the loss
 * is in {@link Regularizers}.)
 *
 * <p>{@code p} holds {@code rows} predictions of {@code cols} values each, row-major. The loss is the mean over
 * the rows of a per-row loss, as Keras reports it; an empty batch has loss 0. Gradient methods overwrite
 * {@code dp[0 .. rows·cols)} with ∂loss/∂p, or, for the fused variants, with ∂loss/∂z where p = f(z) is the
 * output activation. Sums are accumulated in double in both precisions.
 *
 * <p>Targets: regression and binary losses read {@code t} as {@code rows × cols} values; the categorical losses
 * read one class index per row ({@code t[r]}, the one-hot vector is implicit).
 *
 * <p>Cross-entropies clip probabilities to [ε, 1 − ε] with ε = {@value #EPSILON} as Keras does; the gradient of a
 * clipped probability is 0, except in the fused variants, which use the exact gradient p − y. The fused variants'
 * values are computed from the logits z (log-sum-exp), as Keras computes them when the output comes from a softmax
 * or a sigmoid: so the reported loss is the loss whose gradient training follows, also where a probability
 * underflows (a clipped probability would report at most −log ε ≈ 16.1 per sample).
 */
public final class Losses {
  /** Keras' fuzz factor for cross-entropy. */
  public static final double EPSILON = 1e-7;

  private Losses() {}

  // ---- mean squared error: L = (1/rows) Σᵣ (1/cols) Σⱼ (pᵣⱼ − tᵣⱼ)²; ∂L/∂p = 2·(p − t) / (rows·cols).

  public static double meanSquaredError(float[] p, float[] t, int rows, int cols) {
    int n = rows * cols;
    double sum = 0;
    for (int i = 0; i < n; i++) {
      double e = p[i] - t[i];
      sum += e * e;
    }
    return mean(sum, n);
  }

  public static double meanSquaredError(double[] p, double[] t, int rows, int cols) {
    int n = rows * cols;
    double sum = 0;
    for (int i = 0; i < n; i++) {
      double e = p[i] - t[i];
      sum += e * e;
    }
    return mean(sum, n);
  }

  public static void meanSquaredErrorBackward(float[] p, float[] t, int rows, int cols, float[] dp) {
    int n = rows * cols;
    float scale = (float) (2.0 / n);
    for (int i = 0; i < n; i++) {
      dp[i] = scale * (p[i] - t[i]);
    }
  }

  public static void meanSquaredErrorBackward(double[] p, double[] t, int rows, int cols, double[] dp) {
    int n = rows * cols;
    double scale = 2.0 / n;
    for (int i = 0; i < n; i++) {
      dp[i] = scale * (p[i] - t[i]);
    }
  }

  // ---- mean absolute error: L = (1/rows) Σᵣ (1/cols) Σⱼ |pᵣⱼ − tᵣⱼ|; ∂L/∂p = sign(p − t) / (rows·cols).

  public static double meanAbsoluteError(float[] p, float[] t, int rows, int cols) {
    int n = rows * cols;
    double sum = 0;
    for (int i = 0; i < n; i++) {
      sum += Math.abs((double) p[i] - t[i]);
    }
    return mean(sum, n);
  }

  public static double meanAbsoluteError(double[] p, double[] t, int rows, int cols) {
    int n = rows * cols;
    double sum = 0;
    for (int i = 0; i < n; i++) {
      sum += Math.abs(p[i] - t[i]);
    }
    return mean(sum, n);
  }

  public static void meanAbsoluteErrorBackward(float[] p, float[] t, int rows, int cols, float[] dp) {
    int n = rows * cols;
    float scale = (float) (1.0 / n);
    for (int i = 0; i < n; i++) {
      dp[i] = scale * Math.signum(p[i] - t[i]);
    }
  }

  public static void meanAbsoluteErrorBackward(double[] p, double[] t, int rows, int cols, double[] dp) {
    int n = rows * cols;
    double scale = 1.0 / n;
    for (int i = 0; i < n; i++) {
      dp[i] = scale * Math.signum(p[i] - t[i]);
    }
  }

  // ---- euclidean: L = (1/rows) Σᵣ ‖tᵣ − pᵣ‖₂; ∂L/∂pᵣ = (pᵣ − tᵣ) / (rows·‖pᵣ − tᵣ‖₂), 0 where pᵣ = tᵣ.

  public static double euclidean(float[] p, float[] t, int rows, int cols) {
    double sum = 0;
    for (int r = 0; r < rows; r++) {
      double s = 0;
      for (int j = r * cols, end = j + cols; j < end; j++) {
        double e = p[j] - t[j];
        s += e * e;
      }
      sum += Math.sqrt(s);
    }
    return mean(sum, rows);
  }

  public static double euclidean(double[] p, double[] t, int rows, int cols) {
    double sum = 0;
    for (int r = 0; r < rows; r++) {
      double s = 0;
      for (int j = r * cols, end = j + cols; j < end; j++) {
        double e = p[j] - t[j];
        s += e * e;
      }
      sum += Math.sqrt(s);
    }
    return mean(sum, rows);
  }

  public static void euclideanBackward(float[] p, float[] t, int rows, int cols, float[] dp) {
    for (int r = 0; r < rows; r++) {
      double s = 0;
      int o = r * cols;
      for (int j = o; j < o + cols; j++) {
        double e = p[j] - t[j];
        s += e * e;
      }
      double norm = Math.sqrt(s);
      float scale = norm == 0 ? 0f : (float) (1.0 / (rows * norm));
      for (int j = o; j < o + cols; j++) {
        dp[j] = scale * (p[j] - t[j]);
      }
    }
  }

  public static void euclideanBackward(double[] p, double[] t, int rows, int cols, double[] dp) {
    for (int r = 0; r < rows; r++) {
      double s = 0;
      int o = r * cols;
      for (int j = o; j < o + cols; j++) {
        double e = p[j] - t[j];
        s += e * e;
      }
      double norm = Math.sqrt(s);
      double scale = norm == 0 ? 0 : 1.0 / (rows * norm);
      for (int j = o; j < o + cols; j++) {
        dp[j] = scale * (p[j] - t[j]);
      }
    }
  }

  // ---- huber: with e = p − t, ℓ(e) = e²/2 for |e| <= δ, δ·(|e| − δ/2) otherwise; L = (1/rows) Σᵣ (1/cols) Σⱼ ℓ;
  //      ∂L/∂p = clamp(e, −δ, δ) / (rows·cols).

  public static double huber(float[] p, float[] t, int rows, int cols, double delta) {
    int n = rows * cols;
    double sum = 0;
    for (int i = 0; i < n; i++) {
      sum += huber((double) p[i] - t[i], delta);
    }
    return mean(sum, n);
  }

  public static double huber(double[] p, double[] t, int rows, int cols, double delta) {
    int n = rows * cols;
    double sum = 0;
    for (int i = 0; i < n; i++) {
      sum += huber(p[i] - t[i], delta);
    }
    return mean(sum, n);
  }

  public static void huberBackward(float[] p, float[] t, int rows, int cols, double delta, float[] dp) {
    int n = rows * cols;
    double scale = 1.0 / n;
    for (int i = 0; i < n; i++) {
      dp[i] = (float) (scale * Math.max(-delta, Math.min(delta, (double) p[i] - t[i])));
    }
  }

  public static void huberBackward(double[] p, double[] t, int rows, int cols, double delta, double[] dp) {
    int n = rows * cols;
    double scale = 1.0 / n;
    for (int i = 0; i < n; i++) {
      dp[i] = scale * Math.max(-delta, Math.min(delta, p[i] - t[i]));
    }
  }

  private static double huber(double e, double delta) {
    double a = Math.abs(e);
    return a <= delta ? 0.5 * e * e : delta * (a - 0.5 * delta);
  }

  // ---- binary cross-entropy: with q = clip(p, ε, 1 − ε), ℓ = −(t·log q + (1 − t)·log(1 − q));
  //      L = (1/rows) Σᵣ (1/cols) Σⱼ ℓ; ∂L/∂p = (q − t) / (q·(1 − q)·rows·cols), 0 where p was clipped.
  //      Fused with a sigmoid output p = σ(z): ∂L/∂z = (p − t) / (rows·cols).

  public static double binaryCrossentropy(float[] p, float[] t, int rows, int cols) {
    int n = rows * cols;
    double sum = 0;
    for (int i = 0; i < n; i++) {
      sum += binaryCrossentropy((double) p[i], t[i]);
    }
    return mean(sum, n);
  }

  public static double binaryCrossentropy(double[] p, double[] t, int rows, int cols) {
    int n = rows * cols;
    double sum = 0;
    for (int i = 0; i < n; i++) {
      sum += binaryCrossentropy(p[i], t[i]);
    }
    return mean(sum, n);
  }

  public static void binaryCrossentropyBackward(float[] p, float[] t, int rows, int cols, float[] dp) {
    int n = rows * cols;
    for (int i = 0; i < n; i++) {
      dp[i] = (float) (binaryCrossentropyDerivative(p[i], t[i]) / n);
    }
  }

  public static void binaryCrossentropyBackward(double[] p, double[] t, int rows, int cols, double[] dp) {
    int n = rows * cols;
    for (int i = 0; i < n; i++) {
      dp[i] = binaryCrossentropyDerivative(p[i], t[i]) / n;
    }
  }

  public static void sigmoidBinaryCrossentropyBackward(float[] p, float[] t, int rows, int cols, float[] dz) {
    int n = rows * cols;
    float scale = (float) (1.0 / n);
    for (int i = 0; i < n; i++) {
      dz[i] = scale * (p[i] - t[i]);
    }
  }

  public static void sigmoidBinaryCrossentropyBackward(double[] p, double[] t, int rows, int cols, double[] dz) {
    int n = rows * cols;
    double scale = 1.0 / n;
    for (int i = 0; i < n; i++) {
      dz[i] = scale * (p[i] - t[i]);
    }
  }

  /**
   * Binary cross-entropy of sigmoid(z) from the logits: ℓ = max(z, 0) − z·t + log(1 + e^(−|z|)), the mean over
   * rows and outputs; exact where the sigmoid rounds to 0 or 1.
   */
  public static double sigmoidBinaryCrossentropy(float[] z, float[] t, int rows, int cols) {
    int n = rows * cols;
    double sum = 0;
    for (int i = 0; i < n; i++) {
      sum += sigmoidBinaryCrossentropy((double) z[i], t[i]);
    }
    return mean(sum, n);
  }

  /** {@link #sigmoidBinaryCrossentropy(float[], float[], int, int)} in float64. */
  public static double sigmoidBinaryCrossentropy(double[] z, double[] t, int rows, int cols) {
    int n = rows * cols;
    double sum = 0;
    for (int i = 0; i < n; i++) {
      sum += sigmoidBinaryCrossentropy(z[i], t[i]);
    }
    return mean(sum, n);
  }

  private static double sigmoidBinaryCrossentropy(double z, double t) {
    return Math.max(z, 0) - z * t + Math.log1p(Math.exp(-Math.abs(z)));
  }

  private static double binaryCrossentropy(double p, double t) {
    double q = clip(p);
    return -(t * Math.log(q) + (1 - t) * Math.log(1 - q));
  }

  private static double binaryCrossentropyDerivative(double p, double t) {
    if (p < EPSILON || p > 1 - EPSILON) {
      return 0;
    }
    return (p - t) / (p * (1 - p));
  }

  // ---- categorical cross-entropy against class indices (sparse and one-hot alike): with c = t[r] the row's class
  //      and q = clip(p[r,c], ε, 1 − ε), L = (1/rows) Σᵣ −log q; ∂L/∂p[r,c] = −1 / (q·rows), 0 for the other classes and
  //      where p was clipped. Fused with a softmax output p = softmax(z): ∂L/∂z = (p − onehot(c)) / rows.

  public static double categoricalCrossentropy(float[] p, float[] t, int rows, int cols) {
    double sum = 0;
    for (int r = 0; r < rows; r++) {
      sum -= Math.log(clip(p[r * cols + (int) t[r]]));
    }
    return mean(sum, rows);
  }

  public static double categoricalCrossentropy(double[] p, double[] t, int rows, int cols) {
    double sum = 0;
    for (int r = 0; r < rows; r++) {
      sum -= Math.log(clip(p[r * cols + (int) t[r]]));
    }
    return mean(sum, rows);
  }

  public static void categoricalCrossentropyBackward(float[] p, float[] t, int rows, int cols, float[] dp) {
    java.util.Arrays.fill(dp, 0, rows * cols, 0f);
    for (int r = 0; r < rows; r++) {
      int i = r * cols + (int) t[r];
      double q = p[i];
      dp[i] = q < EPSILON || q > 1 - EPSILON ? 0f : (float) (-1.0 / (q * rows));
    }
  }

  public static void categoricalCrossentropyBackward(double[] p, double[] t, int rows, int cols, double[] dp) {
    java.util.Arrays.fill(dp, 0, rows * cols, 0.0);
    for (int r = 0; r < rows; r++) {
      int i = r * cols + (int) t[r];
      double q = p[i];
      dp[i] = q < EPSILON || q > 1 - EPSILON ? 0.0 : -1.0 / (q * rows);
    }
  }

  /**
   * Categorical cross-entropy of softmax(z) from the logits: L = (1/rows) Σᵣ (log Σⱼ e^zᵣⱼ − zᵣ꜀), c the row's
   * class, from each row's log Σⱼ e^zᵣⱼ = m + log Σⱼ e^(zᵣⱼ − m) (m the row's largest logit) that the forward pass's
   * softmax left ({@link Activations#softmax(float[], float[], int, int, int, double[])}): exact where softmax(z)[c]
   * underflows, and no exponential computed twice.
   */
  public static double softmaxCategoricalCrossentropy(float[] z, double[] logSumExp, float[] t, int rows, int cols) {
    double sum = 0;
    for (int r = 0; r < rows; r++) {
      sum += logSumExp[r] - z[r * cols + (int) t[r]];
    }
    return mean(sum, rows);
  }

  /** {@link #softmaxCategoricalCrossentropy(float[], double[], float[], int, int)} in float64. */
  public static double softmaxCategoricalCrossentropy(double[] z, double[] logSumExp, double[] t, int rows, int cols) {
    double sum = 0;
    for (int r = 0; r < rows; r++) {
      sum += logSumExp[r] - z[r * cols + (int) t[r]];
    }
    return mean(sum, rows);
  }

  public static void softmaxCategoricalCrossentropyBackward(float[] p, float[] t, int rows, int cols, float[] dz) {
    float scale = (float) (1.0 / rows);
    for (int r = 0; r < rows; r++) {
      int o = r * cols;
      for (int j = 0; j < cols; j++) {
        dz[o + j] = scale * p[o + j];
      }
      dz[o + (int) t[r]] -= scale;
    }
  }

  public static void softmaxCategoricalCrossentropyBackward(double[] p, double[] t, int rows, int cols, double[] dz) {
    double scale = 1.0 / rows;
    for (int r = 0; r < rows; r++) {
      int o = r * cols;
      for (int j = 0; j < cols; j++) {
        dz[o + j] = scale * p[o + j];
      }
      dz[o + (int) t[r]] -= scale;
    }
  }

  private static double clip(double p) {
    return Math.max(EPSILON, Math.min(1 - EPSILON, p));
  }

  private static double mean(double sum, int n) {
    return n == 0 ? 0 : sum / n;
  }
}
