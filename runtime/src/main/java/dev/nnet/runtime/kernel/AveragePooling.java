package dev.nnet.runtime.kernel;

/**
 * Average pooling over [height, width, channels] samples stored channels last, per channel. Padding positions are
 * ignored, as TensorFlow does: an average divides by the number of real positions under the window.
 *
 * <p>Each pass covers the samples {@code from} to {@code from + rows - 1} of the batch, so that a batch can be
 * split between threads; a pass writes only those samples' outputs.
 */
public final class AveragePooling {
  private AveragePooling() {}

  /** y = the mean of x over the real (not padding) positions under the window. */
  public static void averagePool(float[] x, int from, int rows, Window2d w, float[] y) {
    int c = w.channels();
    int o = from * w.outPixels() * c;
    for (int n = from; n < from + rows; n++) {
      int sample = n * w.inSize();
      for (int oy = 0; oy < w.outHeight(); oy++) {
        int y0 = Math.max(0, oy * w.strideHeight() - w.padTop());
        int y1 = Math.min(w.inHeight(), oy * w.strideHeight() - w.padTop() + w.windowHeight());
        for (int ox = 0; ox < w.outWidth(); ox++) {
          int x0 = Math.max(0, ox * w.strideWidth() - w.padLeft());
          int x1 = Math.min(w.inWidth(), ox * w.strideWidth() - w.padLeft() + w.windowWidth());
          double inv = 1.0 / ((y1 - y0) * (x1 - x0));
          for (int ci = 0; ci < c; ci++) {
            double sum = 0;
            for (int iy = y0; iy < y1; iy++) {
              for (int ix = x0; ix < x1; ix++) {
                sum += x[sample + (iy * w.inWidth() + ix) * c + ci];
              }
            }
            y[o++] = (float) (sum * inv);
          }
        }
      }
    }
  }

  /** y = the mean of x over the real (not padding) positions under the window. */
  public static void averagePool(double[] x, int from, int rows, Window2d w, double[] y) {
    int c = w.channels();
    int o = from * w.outPixels() * c;
    for (int n = from; n < from + rows; n++) {
      int sample = n * w.inSize();
      for (int oy = 0; oy < w.outHeight(); oy++) {
        int y0 = Math.max(0, oy * w.strideHeight() - w.padTop());
        int y1 = Math.min(w.inHeight(), oy * w.strideHeight() - w.padTop() + w.windowHeight());
        for (int ox = 0; ox < w.outWidth(); ox++) {
          int x0 = Math.max(0, ox * w.strideWidth() - w.padLeft());
          int x1 = Math.min(w.inWidth(), ox * w.strideWidth() - w.padLeft() + w.windowWidth());
          double inv = 1.0 / ((y1 - y0) * (x1 - x0));
          for (int ci = 0; ci < c; ci++) {
            double sum = 0;
            for (int iy = y0; iy < y1; iy++) {
              for (int ix = x0; ix < x1; ix++) {
                sum += x[sample + (iy * w.inWidth() + ix) * c + ci];
              }
            }
            y[o++] = sum * inv;
          }
        }
      }
    }
  }

  /** dx = 0, then each output's gradient, divided by its window's real positions, is added to each of them. */
  public static void averagePoolBackward(float[] dy, int from, int rows, Window2d w, float[] dx) {
    int c = w.channels();
    java.util.Arrays.fill(dx, from * w.inSize(), (from + rows) * w.inSize(), 0f);
    int o = from * w.outPixels() * c;
    for (int n = from; n < from + rows; n++) {
      int sample = n * w.inSize();
      for (int oy = 0; oy < w.outHeight(); oy++) {
        int y0 = Math.max(0, oy * w.strideHeight() - w.padTop());
        int y1 = Math.min(w.inHeight(), oy * w.strideHeight() - w.padTop() + w.windowHeight());
        for (int ox = 0; ox < w.outWidth(); ox++) {
          int x0 = Math.max(0, ox * w.strideWidth() - w.padLeft());
          int x1 = Math.min(w.inWidth(), ox * w.strideWidth() - w.padLeft() + w.windowWidth());
          float inv = (float) (1.0 / ((y1 - y0) * (x1 - x0)));
          for (int ci = 0; ci < c; ci++) {
            float g = dy[o++] * inv;
            for (int iy = y0; iy < y1; iy++) {
              for (int ix = x0; ix < x1; ix++) {
                dx[sample + (iy * w.inWidth() + ix) * c + ci] += g;
              }
            }
          }
        }
      }
    }
  }

  /** dx = 0, then each output's gradient, divided by its window's real positions, is added to each of them. */
  public static void averagePoolBackward(double[] dy, int from, int rows, Window2d w, double[] dx) {
    int c = w.channels();
    java.util.Arrays.fill(dx, from * w.inSize(), (from + rows) * w.inSize(), 0.0);
    int o = from * w.outPixels() * c;
    for (int n = from; n < from + rows; n++) {
      int sample = n * w.inSize();
      for (int oy = 0; oy < w.outHeight(); oy++) {
        int y0 = Math.max(0, oy * w.strideHeight() - w.padTop());
        int y1 = Math.min(w.inHeight(), oy * w.strideHeight() - w.padTop() + w.windowHeight());
        for (int ox = 0; ox < w.outWidth(); ox++) {
          int x0 = Math.max(0, ox * w.strideWidth() - w.padLeft());
          int x1 = Math.min(w.inWidth(), ox * w.strideWidth() - w.padLeft() + w.windowWidth());
          double inv = 1.0 / ((y1 - y0) * (x1 - x0));
          for (int ci = 0; ci < c; ci++) {
            double g = dy[o++] * inv;
            for (int iy = y0; iy < y1; iy++) {
              for (int ix = x0; ix < x1; ix++) {
                dx[sample + (iy * w.inWidth() + ix) * c + ci] += g;
              }
            }
          }
        }
      }
    }
  }
}
