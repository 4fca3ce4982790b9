package dev.nnet.runtime.kernel;

/**
 * Max, average and global average pooling over [height, width, channels] samples stored channels last, each per
 * channel. Padding positions are ignored, as TensorFlow does: a max never sees them and an average divides by the
 * number of real positions under the window.
 *
 * <p>Max pooling's gradient goes to the first maximum of each window (in row-major window order). The training
 * variant records, for each output value o, the index in x of the winning pixel's first channel
 * ({@code winners[o]}); the winning input itself is {@code winners[o] + o % channels}.
 *
 * <p>Loops run over the channels innermost, where values lie next to each other in memory, and the running
 * maximum is kept without branches (a mask chooses between the old and the new value and winner): which value of
 * a window is largest is random, so a branch there would mispredict about as often as not.
 *
 * <p>Each pass covers the samples {@code from} to {@code from + rows - 1} of the batch, so that a batch can be
 * split between threads; a pass writes only those samples' outputs.
 */
public final class Pooling {
  private Pooling() {}

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

  /**
   * True for 2×2 windows at stride 2 without padding, nearly every convnet's pooling, which has its own kernels.
   * Same padding over an odd height or width pads only the bottom or right (padTop and padLeft stay 0): the last
   * window would reach past the sample, so that geometry takes the general kernels, which skip padding.
   */
  public static boolean isTwoByTwo(Window2d w) {
    return w.windowHeight() == 2 && w.windowWidth() == 2 && w.strideHeight() == 2 && w.strideWidth() == 2
        && w.padTop() == 0 && w.padLeft() == 0 && 2 * w.outHeight() <= w.inHeight() && 2 * w.outWidth() <= w.inWidth();
  }

  /**
   * y = the max of each 2×2 window, for {@link #isTwoByTwo} windows, in one vectorizable pass ({@code Math.max};
   * a NaN wins its window). Training records no winners: {@link #maxPool2x2Backward} finds them again from x and y.
   */
  public static void maxPool2x2(float[] x, int from, int rows, Window2d w, float[] y) {
    int c = w.channels();
    int rowStride = w.inWidth() * c;
    int o = from * w.outPixels() * c;
    for (int n = from; n < from + rows; n++) {
      int sample = n * w.inSize();
      for (int oy = 0; oy < w.outHeight(); oy++) {
        for (int ox = 0; ox < w.outWidth(); ox++, o += c) {
          int p0 = sample + 2 * oy * rowStride + 2 * ox * c;
          int p2 = p0 + rowStride;
          for (int ci = 0; ci < c; ci++) {
            y[o + ci] = Math.max(Math.max(x[p0 + ci], x[p0 + c + ci]), Math.max(x[p2 + ci], x[p2 + c + ci]));
          }
        }
      }
    }
  }

  /**
   * The backward pass of {@link #maxPool2x2}: each output's gradient goes to the first input of its window (in
   * window order) that equals the output, the others get 0, as the general max pooling's winners do. Equality is
   * the branch-free indicator [a = b] = 1 − min(|a − b|·2¹⁰⁰·2¹⁰⁰, 1), exact because 2¹⁰⁰·2¹⁰⁰ lifts the smallest
   * positive difference above 1; so the loop vectorizes. Overwrites {@code rows · inSize} values of {@code dx}
   * (those under no window, past an odd edge, with 0).
   */
  public static void maxPool2x2Backward(float[] x, float[] y, float[] dy, int from, int rows, Window2d w, float[] dx) {
    int c = w.channels();
    int rowStride = w.inWidth() * c;
    if (w.inHeight() != 2 * w.outHeight() || w.inWidth() != 2 * w.outWidth()) {
      java.util.Arrays.fill(dx, from * w.inSize(), (from + rows) * w.inSize(), 0f);
    }
    int o = from * w.outPixels() * c;
    for (int n = from; n < from + rows; n++) {
      int sample = n * w.inSize();
      for (int oy = 0; oy < w.outHeight(); oy++) {
        for (int ox = 0; ox < w.outWidth(); ox++, o += c) {
          int p0 = sample + 2 * oy * rowStride + 2 * ox * c;
          int p1 = p0 + c;
          int p2 = p0 + rowStride;
          int p3 = p2 + c;
          for (int ci = 0; ci < c; ci++) {
            float m = y[o + ci];
            float g = dy[o + ci];
            float e0 = 1f - Math.min(Math.abs(x[p0 + ci] - m) * 0x1p100f * 0x1p100f, 1f);
            float e1 = (1f - Math.min(Math.abs(x[p1 + ci] - m) * 0x1p100f * 0x1p100f, 1f)) * (1f - e0);
            float e2 = (1f - Math.min(Math.abs(x[p2 + ci] - m) * 0x1p100f * 0x1p100f, 1f)) * (1f - e0 - e1);
            dx[p0 + ci] = g * e0;
            dx[p1 + ci] = g * e1;
            dx[p2 + ci] = g * e2;
            dx[p3 + ci] = g * (1f - e0 - e1 - e2);
          }
        }
      }
    }
  }

  /** As {@link #maxPool2x2(float[], int, Window2d, float[])} in float64. */
  public static void maxPool2x2(double[] x, int from, int rows, Window2d w, double[] y) {
    int c = w.channels();
    int rowStride = w.inWidth() * c;
    int o = from * w.outPixels() * c;
    for (int n = from; n < from + rows; n++) {
      int sample = n * w.inSize();
      for (int oy = 0; oy < w.outHeight(); oy++) {
        for (int ox = 0; ox < w.outWidth(); ox++, o += c) {
          int p0 = sample + 2 * oy * rowStride + 2 * ox * c;
          int p2 = p0 + rowStride;
          for (int ci = 0; ci < c; ci++) {
            y[o + ci] = Math.max(Math.max(x[p0 + ci], x[p0 + c + ci]), Math.max(x[p2 + ci], x[p2 + c + ci]));
          }
        }
      }
    }
  }

  /** As {@link #maxPool2x2Backward(float[], float[], float[], int, Window2d, float[])} in float64. */
  public static void maxPool2x2Backward(double[] x, double[] y, double[] dy, int from, int rows, Window2d w, double[] dx) {
    int c = w.channels();
    int rowStride = w.inWidth() * c;
    if (w.inHeight() != 2 * w.outHeight() || w.inWidth() != 2 * w.outWidth()) {
      java.util.Arrays.fill(dx, from * w.inSize(), (from + rows) * w.inSize(), 0.0);
    }
    int o = from * w.outPixels() * c;
    for (int n = from; n < from + rows; n++) {
      int sample = n * w.inSize();
      for (int oy = 0; oy < w.outHeight(); oy++) {
        for (int ox = 0; ox < w.outWidth(); ox++, o += c) {
          int p0 = sample + 2 * oy * rowStride + 2 * ox * c;
          int p1 = p0 + c;
          int p2 = p0 + rowStride;
          int p3 = p2 + c;
          for (int ci = 0; ci < c; ci++) {
            double m = y[o + ci];
            double g = dy[o + ci];
            double e0 = 1.0 - Math.min(Math.abs(x[p0 + ci] - m) * 0x1p600 * 0x1p600, 1.0);
            double e1 = (1.0 - Math.min(Math.abs(x[p1 + ci] - m) * 0x1p600 * 0x1p600, 1.0)) * (1.0 - e0);
            double e2 = (1.0 - Math.min(Math.abs(x[p2 + ci] - m) * 0x1p600 * 0x1p600, 1.0)) * (1.0 - e0 - e1);
            dx[p0 + ci] = g * e0;
            dx[p1 + ci] = g * e1;
            dx[p2 + ci] = g * e2;
            dx[p3 + ci] = g * (1.0 - e0 - e1 - e2);
          }
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

  /** y[n][c] = (1/positions) Σₚ x[n][p][c]: the mean over height and width. */
  public static void globalAveragePool(float[] x, int rows, int positions, int channels, float[] y) {
    for (int n = 0; n < rows; n++) {
      for (int c = 0; c < channels; c++) {
        double sum = 0;
        for (int p = 0; p < positions; p++) {
          sum += x[(n * positions + p) * channels + c];
        }
        y[n * channels + c] = (float) (sum / positions);
      }
    }
  }

  /** y[n][c] = (1/positions) Σₚ x[n][p][c]: the mean over height and width. */
  public static void globalAveragePool(double[] x, int rows, int positions, int channels, double[] y) {
    for (int n = 0; n < rows; n++) {
      for (int c = 0; c < channels; c++) {
        double sum = 0;
        for (int p = 0; p < positions; p++) {
          sum += x[(n * positions + p) * channels + c];
        }
        y[n * channels + c] = sum / positions;
      }
    }
  }

  /** dx[n][p][c] = dy[n][c] / positions. */
  public static void globalAveragePoolBackward(float[] dy, int rows, int positions, int channels, float[] dx) {
    float inv = 1f / positions;
    for (int n = 0; n < rows; n++) {
      for (int p = 0; p < positions; p++) {
        for (int c = 0; c < channels; c++) {
          dx[(n * positions + p) * channels + c] = dy[n * channels + c] * inv;
        }
      }
    }
  }

  /** dx[n][p][c] = dy[n][c] / positions. */
  public static void globalAveragePoolBackward(double[] dy, int rows, int positions, int channels, double[] dx) {
    double inv = 1.0 / positions;
    for (int n = 0; n < rows; n++) {
      for (int p = 0; p < positions; p++) {
        for (int c = 0; c < channels; c++) {
          dx[(n * positions + p) * channels + c] = dy[n * channels + c] * inv;
        }
      }
    }
  }
}
