package dev.nnet.runtime.kernel;

import dev.nnet.runtime.Rng;

/**
 * Weight initializers with Keras' formulas, filling a whole parameter array from {@code rng}. Fans are those of
 * Keras: a dense kernel [in, units] has fanIn = in, fanOut = units; a convolution kernel [kh, kw, in, filters] has
 * fanIn = kh·kw·in and fanOut = kh·kw·filters.
 *
 * <ul>
 *   <li>glorot_uniform: U(−a, a), a = √(6 / (fanIn + fanOut)); glorot_normal: truncated normal, σ = √(2 / (fanIn + fanOut))
 *   <li>he_uniform: a = √(6 / fanIn); he_normal: σ = √(2 / fanIn)
 *   <li>lecun_uniform: a = √(3 / fanIn); lecun_normal: σ = √(1 / fanIn)
 * </ul>
 *
 * <p>The normal variants draw from a normal truncated at two standard deviations, its scale divided by
 * 0.87962566103423978 so that the truncated distribution keeps the variance σ² (Keras' VarianceScaling).
 */
public final class Initializers {
  /** Standard deviation of a standard normal truncated to [−2, 2]. */
  private static final double TRUNCATED_STDDEV = 0.87962566103423978;

  private Initializers() {}

  public static void glorotUniform(float[] w, int fanIn, int fanOut, Rng rng) {
    uniform(w, Math.sqrt(6.0 / (fanIn + fanOut)), rng);
  }

  public static void glorotUniform(double[] w, int fanIn, int fanOut, Rng rng) {
    uniform(w, Math.sqrt(6.0 / (fanIn + fanOut)), rng);
  }

  public static void glorotNormal(float[] w, int fanIn, int fanOut, Rng rng) {
    truncatedNormal(w, Math.sqrt(2.0 / (fanIn + fanOut)), rng);
  }

  public static void glorotNormal(double[] w, int fanIn, int fanOut, Rng rng) {
    truncatedNormal(w, Math.sqrt(2.0 / (fanIn + fanOut)), rng);
  }

  public static void heUniform(float[] w, int fanIn, int fanOut, Rng rng) {
    uniform(w, Math.sqrt(6.0 / fanIn), rng);
  }

  public static void heUniform(double[] w, int fanIn, int fanOut, Rng rng) {
    uniform(w, Math.sqrt(6.0 / fanIn), rng);
  }

  public static void heNormal(float[] w, int fanIn, int fanOut, Rng rng) {
    truncatedNormal(w, Math.sqrt(2.0 / fanIn), rng);
  }

  public static void heNormal(double[] w, int fanIn, int fanOut, Rng rng) {
    truncatedNormal(w, Math.sqrt(2.0 / fanIn), rng);
  }

  public static void lecunUniform(float[] w, int fanIn, int fanOut, Rng rng) {
    uniform(w, Math.sqrt(3.0 / fanIn), rng);
  }

  public static void lecunUniform(double[] w, int fanIn, int fanOut, Rng rng) {
    uniform(w, Math.sqrt(3.0 / fanIn), rng);
  }

  public static void lecunNormal(float[] w, int fanIn, int fanOut, Rng rng) {
    truncatedNormal(w, Math.sqrt(1.0 / fanIn), rng);
  }

  public static void lecunNormal(double[] w, int fanIn, int fanOut, Rng rng) {
    truncatedNormal(w, Math.sqrt(1.0 / fanIn), rng);
  }

  public static void zeros(float[] w) {
    java.util.Arrays.fill(w, 0f);
  }

  public static void zeros(double[] w) {
    java.util.Arrays.fill(w, 0.0);
  }

  public static void ones(float[] w) {
    java.util.Arrays.fill(w, 1f);
  }

  public static void ones(double[] w) {
    java.util.Arrays.fill(w, 1.0);
  }

  /** w[i] ~ U(−limit, limit). */
  public static void uniform(float[] w, double limit, Rng rng) {
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) ((2 * rng.nextDouble() - 1) * limit);
    }
  }

  /** w[i] ~ U(−limit, limit). */
  public static void uniform(double[] w, double limit, Rng rng) {
    for (int i = 0; i < w.length; i++) {
      w[i] = (2 * rng.nextDouble() - 1) * limit;
    }
  }

  /** w[i] ~ N(0, σ²) truncated to ±2σ', with σ' = σ / 0.8796… so that the variance is σ². */
  public static void truncatedNormal(float[] w, double stddev, Rng rng) {
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) (truncatedStandardNormal(rng) * stddev / TRUNCATED_STDDEV);
    }
  }

  /** w[i] ~ N(0, σ²) truncated to ±2σ', with σ' = σ / 0.8796… so that the variance is σ². */
  public static void truncatedNormal(double[] w, double stddev, Rng rng) {
    for (int i = 0; i < w.length; i++) {
      w[i] = truncatedStandardNormal(rng) * stddev / TRUNCATED_STDDEV;
    }
  }

  private static double truncatedStandardNormal(Rng rng) {
    double z;
    do {
      z = rng.nextGaussian();
    } while (Math.abs(z) > 2);
    return z;
  }
}
