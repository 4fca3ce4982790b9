package dev.nnet.runtime.kernel;

/**
 * Max pooling over [height, width, channels] samples stored channels last, per channel, for any window, stride and
 * padding. Padding positions are ignored, as TensorFlow does: a max never sees them. The gradient goes to the first
 * maximum of each window (in row-major window order): the training variant records, for each output value o, the
 * index in x of the winning pixel's first channel ({@code winners[o]}); the winning input itself is
 * {@code winners[o] + o % channels}. The common 2×2 window at stride 2 has its own kernels: {@link MaxPooling2x2}.
 *
 * <p>Loops run over the channels innermost, where values lie next to each other in memory, and the running
 * maximum is kept without branches (a mask chooses between the old and the new value and winner): which value of
 * a window is largest is random, so a branch there would mispredict about as often as not.
 *
 * <p>Each pass covers the samples {@code from} to {@code from + rows - 1} of the batch, so that a batch can be
 * split between threads; a pass writes only those samples' outputs.
 */
public final class MaxPooling {
  private MaxPooling() {}

  /** y[n][oy][ox][c] = max over the window of x[n][iy][ix][c]. */
  public static void maxPool(float[] x, int from, int rows, Window2d w, float[] y) {
    maxPool(x, from, rows, w, y, null);
  }

  /**
   * As {@link #maxPool(float[], int, Window2d, float[])}, recording each maximum's pixel in {@code winners} (see
   * the class comment). A value replaces the running maximum only when strictly greater, so ties and NaNs keep
   * the first.
   */
  public static void maxPool(float[] x, int from, int rows, Window2d w, float[] y, int[] winners) {
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
          int first = sample + (y0 * w.inWidth() + x0) * c;
          System.arraycopy(x, first, y, o, c);
          if (winners != null) {
            java.util.Arrays.fill(winners, o, o + c, first);
          }
          for (int iy = y0; iy < y1; iy++) {
            for (int ix = iy == y0 ? x0 + 1 : x0; ix < x1; ix++) {
              int p = sample + (iy * w.inWidth() + ix) * c;
              // Two loops, not a null test per value: the one without winners (inference) vectorizes.
              if (winners == null) {
                for (int ci = 0; ci < c; ci++) {
                  float v = x[p + ci];
                  float best = y[o + ci];
                  int greater = v > best ? -1 : 0;
                  y[o + ci] = Float.intBitsToFloat(
                      Float.floatToRawIntBits(best) & ~greater | Float.floatToRawIntBits(v) & greater);
                }
              } else {
                for (int ci = 0; ci < c; ci++) {
                  float v = x[p + ci];
                  float best = y[o + ci];
                  int greater = v > best ? -1 : 0;
                  y[o + ci] = Float.intBitsToFloat(
                      Float.floatToRawIntBits(best) & ~greater | Float.floatToRawIntBits(v) & greater);
                  winners[o + ci] = winners[o + ci] & ~greater | p & greater;
                }
              }
            }
          }
          o += c;
        }
      }
    }
  }

  /** y[n][oy][ox][c] = max over the window of x[n][iy][ix][c]. */
  public static void maxPool(double[] x, int from, int rows, Window2d w, double[] y) {
    maxPool(x, from, rows, w, y, null);
  }

  /** As {@link #maxPool(float[], int, Window2d, float[], int[])} in float64. */
  public static void maxPool(double[] x, int from, int rows, Window2d w, double[] y, int[] winners) {
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
          int first = sample + (y0 * w.inWidth() + x0) * c;
          System.arraycopy(x, first, y, o, c);
          if (winners != null) {
            java.util.Arrays.fill(winners, o, o + c, first);
          }
          for (int iy = y0; iy < y1; iy++) {
            for (int ix = iy == y0 ? x0 + 1 : x0; ix < x1; ix++) {
              int p = sample + (iy * w.inWidth() + ix) * c;
              // Two loops, not a null test per value: the one without winners (inference) vectorizes.
              if (winners == null) {
                for (int ci = 0; ci < c; ci++) {
                  double v = x[p + ci];
                  double best = y[o + ci];
                  long greater = v > best ? -1L : 0L;
                  y[o + ci] = Double.longBitsToDouble(
                      Double.doubleToRawLongBits(best) & ~greater | Double.doubleToRawLongBits(v) & greater);
                }
              } else {
                for (int ci = 0; ci < c; ci++) {
                  double v = x[p + ci];
                  double best = y[o + ci];
                  long greater = v > best ? -1L : 0L;
                  y[o + ci] = Double.longBitsToDouble(
                      Double.doubleToRawLongBits(best) & ~greater | Double.doubleToRawLongBits(v) & greater);
                  winners[o + ci] = winners[o + ci] & ~(int) greater | p & (int) greater;
                }
              }
            }
          }
          o += c;
        }
      }
    }
  }

  /**
   * dx = 0, then each output's gradient goes to the input that won its window: dx[winners[o] + o % c] += dy[o].
   */
  public static void maxPoolBackward(float[] dy, int from, int rows, Window2d w, int[] winners, float[] dx) {
    java.util.Arrays.fill(dx, from * w.inSize(), (from + rows) * w.inSize(), 0f);
    int c = w.channels();
    int pixels = rows * w.outPixels();
    for (int q = 0, o = from * w.outPixels() * c; q < pixels; q++, o += c) {
      for (int ci = 0; ci < c; ci++) {
        dx[winners[o + ci] + ci] += dy[o + ci];
      }
    }
  }

  /**
   * dx = 0, then each output's gradient goes to the input that won its window: dx[winners[o] + o % c] += dy[o].
   */
  public static void maxPoolBackward(double[] dy, int from, int rows, Window2d w, int[] winners, double[] dx) {
    java.util.Arrays.fill(dx, from * w.inSize(), (from + rows) * w.inSize(), 0.0);
    int c = w.channels();
    int pixels = rows * w.outPixels();
    for (int q = 0, o = from * w.outPixels() * c; q < pixels; q++, o += c) {
      for (int ci = 0; ci < c; ci++) {
        dx[winners[o + ci] + ci] += dy[o + ci];
      }
    }
  }
}
