package dev.nnet.runtime.kernel;

/**
 * 2-D convolution as one matrix product: {@link #im2col} copies every window position's patch into a row, so that
 * patches [rows·outPixels, patchSize] · kernel [patchSize, filters] gives the output [rows·outPixels, filters],
 * which is exactly the output batch [rows, outHeight·outWidth·filters] stored channels last. The kernel tensor
 * [kh, kw, in, filters] is already that [patchSize, filters] matrix, row-major. {@link #col2im} is the adjoint:
 * it scatters patch gradients back onto the input, summing where windows overlap.
 */
public final class Convolution {
  private Convolution() {}

  /**
   * columns[(n·outPixels + oy·outWidth + ox)·patchSize + (ky·windowWidth + kx)·channels + c] =
   * x[n][oy·sh − padTop + ky][ox·sw − padLeft + kx][c], or 0 where that is padding. Overwrites
   * {@code rows · outPixels · patchSize} values of {@code columns}.
   */
  public static void im2col(float[] x, int rows, Window2d w, float[] columns) {
    int c = w.channels();
    int o = 0;
    for (int n = 0; n < rows; n++) {
      int sample = n * w.inSize();
      for (int oy = 0; oy < w.outHeight(); oy++) {
        for (int ox = 0; ox < w.outWidth(); ox++) {
          for (int ky = 0; ky < w.windowHeight(); ky++) {
            int iy = oy * w.strideHeight() - w.padTop() + ky;
            for (int kx = 0; kx < w.windowWidth(); kx++) {
              int ix = ox * w.strideWidth() - w.padLeft() + kx;
              if (iy >= 0 && iy < w.inHeight() && ix >= 0 && ix < w.inWidth()) {
                System.arraycopy(x, sample + (iy * w.inWidth() + ix) * c, columns, o, c);
              } else {
                java.util.Arrays.fill(columns, o, o + c, 0f);
              }
              o += c;
            }
          }
        }
      }
    }
  }

  /** As {@link #im2col(float[], int, Window2d, float[])} in float64. */
  public static void im2col(double[] x, int rows, Window2d w, double[] columns) {
    int c = w.channels();
    int o = 0;
    for (int n = 0; n < rows; n++) {
      int sample = n * w.inSize();
      for (int oy = 0; oy < w.outHeight(); oy++) {
        for (int ox = 0; ox < w.outWidth(); ox++) {
          for (int ky = 0; ky < w.windowHeight(); ky++) {
            int iy = oy * w.strideHeight() - w.padTop() + ky;
            for (int kx = 0; kx < w.windowWidth(); kx++) {
              int ix = ox * w.strideWidth() - w.padLeft() + kx;
              if (iy >= 0 && iy < w.inHeight() && ix >= 0 && ix < w.inWidth()) {
                System.arraycopy(x, sample + (iy * w.inWidth() + ix) * c, columns, o, c);
              } else {
                java.util.Arrays.fill(columns, o, o + c, 0.0);
              }
              o += c;
            }
          }
        }
      }
    }
  }

  /**
   * The adjoint of im2col: dx = 0, then each patch value of {@code columns} is added to the input position it
   * was copied from (padding positions are dropped). Overwrites {@code rows · inSize} values of {@code dx}.
   */
  public static void col2im(float[] columns, int rows, Window2d w, float[] dx) {
    int c = w.channels();
    java.util.Arrays.fill(dx, 0, rows * w.inSize(), 0f);
    int o = 0;
    for (int n = 0; n < rows; n++) {
      int sample = n * w.inSize();
      for (int oy = 0; oy < w.outHeight(); oy++) {
        for (int ox = 0; ox < w.outWidth(); ox++) {
          for (int ky = 0; ky < w.windowHeight(); ky++) {
            int iy = oy * w.strideHeight() - w.padTop() + ky;
            for (int kx = 0; kx < w.windowWidth(); kx++) {
              int ix = ox * w.strideWidth() - w.padLeft() + kx;
              if (iy >= 0 && iy < w.inHeight() && ix >= 0 && ix < w.inWidth()) {
                int d = sample + (iy * w.inWidth() + ix) * c;
                for (int ci = 0; ci < c; ci++) {
                  dx[d + ci] += columns[o + ci];
                }
              }
              o += c;
            }
          }
        }
      }
    }
  }

  /** As {@link #col2im(float[], int, Window2d, float[])} in float64. */
  public static void col2im(double[] columns, int rows, Window2d w, double[] dx) {
    int c = w.channels();
    java.util.Arrays.fill(dx, 0, rows * w.inSize(), 0.0);
    int o = 0;
    for (int n = 0; n < rows; n++) {
      int sample = n * w.inSize();
      for (int oy = 0; oy < w.outHeight(); oy++) {
        for (int ox = 0; ox < w.outWidth(); ox++) {
          for (int ky = 0; ky < w.windowHeight(); ky++) {
            int iy = oy * w.strideHeight() - w.padTop() + ky;
            for (int kx = 0; kx < w.windowWidth(); kx++) {
              int ix = ox * w.strideWidth() - w.padLeft() + kx;
              if (iy >= 0 && iy < w.inHeight() && ix >= 0 && ix < w.inWidth()) {
                int d = sample + (iy * w.inWidth() + ix) * c;
                for (int ci = 0; ci < c; ci++) {
                  dx[d + ci] += columns[o + ci];
                }
              }
              o += c;
            }
          }
        }
      }
    }
  }
}
