package dev.nnet.runtime.kernel;

/**
 * A convolution's backward pass from an output gradient that is mostly zeros, in place of {@link Convolution}'s
 * products: a max pooling after the convolution passes each window's gradient to one position, and global max
 * pooling over a sequence to one position in all of them. The work then follows the nonzero values alone. float32
 * and float64 by overload; the float32 loop runs on the Vector API when it may ({@code VectorPasses}).
 */
public final class SparseConvolution {
  /**
   * A chunk whose output gradient has at most one nonzero value in this many takes {@link #backward}: its cost
   * grows with the nonzeros (two runs of patchSize multiply-adds each, about 10 ns for a conv1d of 96), the products'
   * with every value (about 4 ns for 96), so the sparse way wins below about one in three; one in eight leaves a
   * margin, and keeps a 2×2 max pooling's gradient (one in four at most) on the products.
   */
  public static final int SHARE = 8;

  private SparseConvolution() {}

  /**
   * Whether a chunk's dz of {@code n} values is sparse enough for {@link #backward(float[], int, int, Window2d,
   * float[], int, float[], float[], float[])}: at most one value in {@value #SHARE} is nonzero.
   */
  public static boolean worth(float[] dz, int n) {
    int nonZeros = 0;
    if (Vectorized.worth(n)) {
      nonZeros = VectorPasses.nonZeros(dz, n);
    } else {
      for (int i = 0; i < n; i++) {
        nonZeros += dz[i] != 0 ? 1 : 0;
      }
    }
    return (long) nonZeros * SHARE <= n;
  }

  /**
   * The backward products of one chunk from a dz that is mostly zeros, in place of patchesᵀ·dz and col2im(dz·Kᵀ):
   * for each nonzero dz[r][f], rows and filters in order, dKᵀ[f][q] += dz[r][f] · patch_r[q] and
   * dx[input position of patch_r[q]] += dz[r][f] · Kᵀ[f][q], the patch read from {@code x} in place (its kernel
   * rows are runs of the input, as in {@link Convolution#im2col}). The same sums in another order, and no work on
   * the zeros: global max pooling over a conv1d's 18 positions leaves 1 value in 18 (the dense products spent three
   * quarters of that layer's step).
   * Overwrites the gradients of samples {@code first} to {@code first + rows − 1} in {@code dx} (null: none).
   *
   * @param dz the chunk's output gradient from {@code dz[0]}, [rows·outPixels, filters]
   * @param kernelT the kernel transposed, [filters, patchSize]
   * @param kernelGradT dKᵀ, [filters, patchSize], added to
   */
  public static void backward(float[] x, int first, int rows, Window2d w, float[] dz, int filters,
      float[] kernelT, float[] kernelGradT, float[] dx) {
    int c = w.channels();
    int run = w.windowWidth() * c;
    int patch = w.patchSize();
    if (dx != null) {
      java.util.Arrays.fill(dx, first * w.inSize(), (first + rows) * w.inSize(), 0f);
    }
    if (Vectorized.worth((long) rows * w.outPixels() * filters)) {
      VectorPasses.backwardSparse(x, first, rows, w, dz, filters, kernelT, kernelGradT, dx);
      return;
    }
    int row = 0;
    for (int n = first; n < first + rows; n++) {
      int sample = n * w.inSize();
      for (int oy = 0; oy < w.outHeight(); oy++) {
        int top = oy * w.strideHeight() - w.padTop();
        for (int ox = 0; ox < w.outWidth(); ox++, row += filters) {
          int left = ox * w.strideWidth() - w.padLeft();
          int from = Math.max(0, -left) * c;
          int to = Math.min(w.windowWidth(), w.inWidth() - left) * c;
          for (int f = 0; f < filters; f++) {
            float g = dz[row + f];
            if (g == 0) {
              continue;
            }
            for (int ky = 0; ky < w.windowHeight(); ky++) {
              int iy = top + ky;
              if (iy < 0 || iy >= w.inHeight()) {
                continue;
              }
              int src = sample + (iy * w.inWidth() + left) * c;
              int q = f * patch + ky * run;
              for (int i = from; i < to; i++) {
                kernelGradT[q + i] += g * x[src + i];
              }
              if (dx != null) {
                for (int i = from; i < to; i++) {
                  dx[src + i] += g * kernelT[q + i];
                }
              }
            }
          }
        }
      }
    }
  }

  /** t[j][i] = m[i][j] for an m of [rows, cols]: t is [cols, rows]. Overwrites {@code t}. */
  public static void transpose(float[] m, int rows, int cols, float[] t) {
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        t[j * rows + i] = m[i * cols + j];
      }
    }
  }

  /** sum[i][j] += t[j][i] for a sum of [rows, cols]: a dKᵀ added to dK. Modifies {@code sum}. */
  public static void addTransposed(float[] sum, int rows, int cols, float[] t) {
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        sum[i * cols + j] += t[j * rows + i];
      }
    }
  }

  /** As {@link #worth(float[], int)} in float64. */
  public static boolean worth(double[] dz, int n) {
    int nonZeros = 0;
    for (int i = 0; i < n; i++) {
      nonZeros += dz[i] != 0 ? 1 : 0;
    }
    return (long) nonZeros * SHARE <= n;
  }

  /** As {@link #backward(float[], int, int, Window2d, float[], int, float[], float[], float[])} in float64. */
  public static void backward(double[] x, int first, int rows, Window2d w, double[] dz, int filters,
      double[] kernelT, double[] kernelGradT, double[] dx) {
    int c = w.channels();
    int run = w.windowWidth() * c;
    int patch = w.patchSize();
    if (dx != null) {
      java.util.Arrays.fill(dx, first * w.inSize(), (first + rows) * w.inSize(), 0.0);
    }
    int row = 0;
    for (int n = first; n < first + rows; n++) {
      int sample = n * w.inSize();
      for (int oy = 0; oy < w.outHeight(); oy++) {
        int top = oy * w.strideHeight() - w.padTop();
        for (int ox = 0; ox < w.outWidth(); ox++, row += filters) {
          int left = ox * w.strideWidth() - w.padLeft();
          int from = Math.max(0, -left) * c;
          int to = Math.min(w.windowWidth(), w.inWidth() - left) * c;
          for (int f = 0; f < filters; f++) {
            double g = dz[row + f];
            if (g == 0) {
              continue;
            }
            for (int ky = 0; ky < w.windowHeight(); ky++) {
              int iy = top + ky;
              if (iy < 0 || iy >= w.inHeight()) {
                continue;
              }
              int src = sample + (iy * w.inWidth() + left) * c;
              int q = f * patch + ky * run;
              for (int i = from; i < to; i++) {
                kernelGradT[q + i] += g * x[src + i];
              }
              if (dx != null) {
                for (int i = from; i < to; i++) {
                  dx[src + i] += g * kernelT[q + i];
                }
              }
            }
          }
        }
      }
    }
  }

  /** As {@link #transpose(float[], int, int, float[])} in float64. */
  public static void transpose(double[] m, int rows, int cols, double[] t) {
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        t[j * rows + i] = m[i * cols + j];
      }
    }
  }

  /** As {@link #addTransposed(float[], int, int, float[])} in float64. */
  public static void addTransposed(double[] sum, int rows, int cols, double[] t) {
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        sum[i * cols + j] += t[j * rows + i];
      }
    }
  }
}
