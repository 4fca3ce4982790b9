package dev.nnet.runtime.kernel;

import dev.nnet.runtime.Rng;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.QRDecomposition;

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

  /**
   * Keras' (and TensorFlow's) Orthogonal, gain 1, for a [rows, cols] matrix: a standard normal matrix A of
   * [max(rows, cols), min(rows, cols)] factored A = Q·R (EJML's Householder QR, Q thin), Q's columns multiplied by
   * the signs of R's diagonal so that the draw is uniform over orthogonal matrices, transposed when rows < cols. The
   * result has orthonormal rows or columns, whichever are fewer: a recurrent kernel [units, gates·units] has
   * orthonormal rows.
   */
  public static void orthogonal(float[] w, int rows, int cols, Rng rng) {
    double[] q = orthogonal(rows, cols, rng);
    for (int i = 0; i < rows * cols; i++) {
      w[i] = (float) q[i];
    }
  }

  /** As {@link #orthogonal(float[], int, int, Rng)}, in double. */
  public static void orthogonal(double[] w, int rows, int cols, Rng rng) {
    System.arraycopy(orthogonal(rows, cols, rng), 0, w, 0, rows * cols);
  }

  private static double[] orthogonal(int rows, int cols, Rng rng) {
    int tall = Math.max(rows, cols);
    int narrow = Math.min(rows, cols);
    DMatrixRMaj a = new DMatrixRMaj(tall, narrow);
    for (int i = 0; i < a.data.length; i++) {
      a.data[i] = rng.nextGaussian();
    }
    QRDecomposition<DMatrixRMaj> qr =
        DecompositionFactory_DDRM.qr(tall, narrow);
    if (!qr.decompose(a)) {
      throw new IllegalStateException("QR decomposition failed");
    }
    DMatrixRMaj q = qr.getQ(null, true);
    DMatrixRMaj r = qr.getR(null, true);
    for (int j = 0; j < narrow; j++) {
      if (r.get(j, j) < 0) {
        for (int i = 0; i < tall; i++) {
          q.set(i, j, -q.get(i, j));
        }
      }
    }
    return rows < cols ? CommonOps_DDRM.transpose(q, null).data : q.data;
  }

  private static double truncatedStandardNormal(Rng rng) {
    double z;
    do {
      z = rng.nextGaussian();
    } while (Math.abs(z) > 2);
    return z;
  }
}
