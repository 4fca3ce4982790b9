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
   *
   * <p>One kernel row of a patch, windowWidth·channels values, lies contiguously in the input (channels last), so
   * it is copied as one run; only the kernel columns that fall on padding are zeroed around it.
   */
  public static void im2col(float[] x, int rows, Window2d w, float[] columns) {
    int c = w.channels();
    int run = w.windowWidth() * c;
    int o = 0;
    for (int n = 0; n < rows; n++) {
      int sample = n * w.inSize();
      for (int oy = 0; oy < w.outHeight(); oy++) {
        int top = oy * w.strideHeight() - w.padTop();
        for (int ox = 0; ox < w.outWidth(); ox++) {
          int left = ox * w.strideWidth() - w.padLeft();
          int from = Math.max(0, -left) * c; // the run's part inside the input: [from, to)
          int to = Math.min(w.windowWidth(), w.inWidth() - left) * c;
          for (int ky = 0; ky < w.windowHeight(); ky++) {
            int iy = top + ky;
            if (iy < 0 || iy >= w.inHeight() || from >= to) {
              java.util.Arrays.fill(columns, o, o + run, 0f);
            } else {
              int src = sample + (iy * w.inWidth() + left) * c;
              for (int i = 0; i < from; i++) {
                columns[o + i] = 0f;
              }
              for (int i = from; i < to; i++) {
                columns[o + i] = x[src + i];
              }
              for (int i = to; i < run; i++) {
                columns[o + i] = 0f;
              }
            }
            o += run;
          }
        }
      }
    }
  }

  /** As {@link #im2col(float[], int, Window2d, float[])} in float64. */
  public static void im2col(double[] x, int rows, Window2d w, double[] columns) {
    int c = w.channels();
    int run = w.windowWidth() * c;
    int o = 0;
    for (int n = 0; n < rows; n++) {
      int sample = n * w.inSize();
      for (int oy = 0; oy < w.outHeight(); oy++) {
        int top = oy * w.strideHeight() - w.padTop();
        for (int ox = 0; ox < w.outWidth(); ox++) {
          int left = ox * w.strideWidth() - w.padLeft();
          int from = Math.max(0, -left) * c;
          int to = Math.min(w.windowWidth(), w.inWidth() - left) * c;
          for (int ky = 0; ky < w.windowHeight(); ky++) {
            int iy = top + ky;
            if (iy < 0 || iy >= w.inHeight() || from >= to) {
              java.util.Arrays.fill(columns, o, o + run, 0.0);
            } else {
              int src = sample + (iy * w.inWidth() + left) * c;
              for (int i = 0; i < from; i++) {
                columns[o + i] = 0.0;
              }
              for (int i = from; i < to; i++) {
                columns[o + i] = x[src + i];
              }
              for (int i = to; i < run; i++) {
                columns[o + i] = 0.0;
              }
            }
            o += run;
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
    int run = w.windowWidth() * c;
    java.util.Arrays.fill(dx, 0, rows * w.inSize(), 0f);
    int o = 0;
    for (int n = 0; n < rows; n++) {
      int sample = n * w.inSize();
      for (int oy = 0; oy < w.outHeight(); oy++) {
        int top = oy * w.strideHeight() - w.padTop();
        for (int ox = 0; ox < w.outWidth(); ox++) {
          int left = ox * w.strideWidth() - w.padLeft();
          int from = Math.max(0, -left) * c;
          int to = Math.min(w.windowWidth(), w.inWidth() - left) * c;
          for (int ky = 0; ky < w.windowHeight(); ky++) {
            int iy = top + ky;
            if (iy >= 0 && iy < w.inHeight()) {
              int dst = sample + (iy * w.inWidth() + left) * c;
              for (int i = from; i < to; i++) {
                dx[dst + i] += columns[o + i];
              }
            }
            o += run;
          }
        }
      }
    }
  }

  /** As {@link #col2im(float[], int, Window2d, float[])} in float64. */
  public static void col2im(double[] columns, int rows, Window2d w, double[] dx) {
    int c = w.channels();
    int run = w.windowWidth() * c;
    java.util.Arrays.fill(dx, 0, rows * w.inSize(), 0.0);
    int o = 0;
    for (int n = 0; n < rows; n++) {
      int sample = n * w.inSize();
      for (int oy = 0; oy < w.outHeight(); oy++) {
        int top = oy * w.strideHeight() - w.padTop();
        for (int ox = 0; ox < w.outWidth(); ox++) {
          int left = ox * w.strideWidth() - w.padLeft();
          int from = Math.max(0, -left) * c;
          int to = Math.min(w.windowWidth(), w.inWidth() - left) * c;
          for (int ky = 0; ky < w.windowHeight(); ky++) {
            int iy = top + ky;
            if (iy >= 0 && iy < w.inHeight()) {
              int dst = sample + (iy * w.inWidth() + left) * c;
              for (int i = from; i < to; i++) {
                dx[dst + i] += columns[o + i];
              }
            }
            o += run;
          }
        }
      }
    }
  }
}
