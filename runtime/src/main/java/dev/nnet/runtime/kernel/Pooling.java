package dev.nnet.runtime.kernel;

/**
 * Max, average and global average pooling over [height, width, channels] samples stored channels last, each per
 * channel. Padding positions are ignored, as TensorFlow does: a max never sees them and an average divides by the
 * number of real positions under the window.
 *
 * <p>Max pooling's gradient goes to the first maximum of each window; the training variant records its input
 * index ({@code winners}, one per output value) for the backward pass.
 */
public final class Pooling {
  private Pooling() {}

  /** y[n][oy][ox][c] = max over the window of x[n][iy][ix][c]. */
  public static void maxPool(float[] x, int rows, Window2d w, float[] y) {
    maxPool(x, rows, w, y, null);
  }

  /** As {@link #maxPool(float[], int, Window2d, float[])}, recording each maximum's index in x. */
  public static void maxPool(float[] x, int rows, Window2d w, float[] y, int[] winners) {
    int c = w.channels();
    int o = 0;
    for (int n = 0; n < rows; n++) {
      int sample = n * w.inSize();
      for (int oy = 0; oy < w.outHeight(); oy++) {
        int y0 = Math.max(0, oy * w.strideHeight() - w.padTop());
        int y1 = Math.min(w.inHeight(), oy * w.strideHeight() - w.padTop() + w.windowHeight());
        for (int ox = 0; ox < w.outWidth(); ox++) {
          int x0 = Math.max(0, ox * w.strideWidth() - w.padLeft());
          int x1 = Math.min(w.inWidth(), ox * w.strideWidth() - w.padLeft() + w.windowWidth());
          for (int ci = 0; ci < c; ci++) {
            float best = Float.NEGATIVE_INFINITY;
            int at = -1;
            for (int iy = y0; iy < y1; iy++) {
              for (int ix = x0; ix < x1; ix++) {
                int i = sample + (iy * w.inWidth() + ix) * c + ci;
                if (x[i] > best || at < 0) {
                  best = x[i];
                  at = i;
                }
              }
            }
            y[o] = best;
            if (winners != null) {
              winners[o] = at;
            }
            o++;
          }
        }
      }
    }
  }

  /** y[n][oy][ox][c] = max over the window of x[n][iy][ix][c]. */
  public static void maxPool(double[] x, int rows, Window2d w, double[] y) {
    maxPool(x, rows, w, y, null);
  }

  /** As {@link #maxPool(double[], int, Window2d, double[])}, recording each maximum's index in x. */
  public static void maxPool(double[] x, int rows, Window2d w, double[] y, int[] winners) {
    int c = w.channels();
    int o = 0;
    for (int n = 0; n < rows; n++) {
      int sample = n * w.inSize();
      for (int oy = 0; oy < w.outHeight(); oy++) {
        int y0 = Math.max(0, oy * w.strideHeight() - w.padTop());
        int y1 = Math.min(w.inHeight(), oy * w.strideHeight() - w.padTop() + w.windowHeight());
        for (int ox = 0; ox < w.outWidth(); ox++) {
          int x0 = Math.max(0, ox * w.strideWidth() - w.padLeft());
          int x1 = Math.min(w.inWidth(), ox * w.strideWidth() - w.padLeft() + w.windowWidth());
          for (int ci = 0; ci < c; ci++) {
            double best = Double.NEGATIVE_INFINITY;
            int at = -1;
            for (int iy = y0; iy < y1; iy++) {
              for (int ix = x0; ix < x1; ix++) {
                int i = sample + (iy * w.inWidth() + ix) * c + ci;
                if (x[i] > best || at < 0) {
                  best = x[i];
                  at = i;
                }
              }
            }
            y[o] = best;
            if (winners != null) {
              winners[o] = at;
            }
            o++;
          }
        }
      }
    }
  }

  /** dx = 0, then dx[winners[i]] += dy[i]: each output's gradient goes to the input that won its window. */
  public static void maxPoolBackward(float[] dy, int rows, Window2d w, int[] winners, float[] dx) {
    java.util.Arrays.fill(dx, 0, rows * w.inSize(), 0f);
    int n = rows * w.outPixels() * w.channels();
    for (int i = 0; i < n; i++) {
      dx[winners[i]] += dy[i];
    }
  }

  /** dx = 0, then dx[winners[i]] += dy[i]: each output's gradient goes to the input that won its window. */
  public static void maxPoolBackward(double[] dy, int rows, Window2d w, int[] winners, double[] dx) {
    java.util.Arrays.fill(dx, 0, rows * w.inSize(), 0.0);
    int n = rows * w.outPixels() * w.channels();
    for (int i = 0; i < n; i++) {
      dx[winners[i]] += dy[i];
    }
  }

  /** y = the mean of x over the real (not padding) positions under the window. */
  public static void averagePool(float[] x, int rows, Window2d w, float[] y) {
    int c = w.channels();
    int o = 0;
    for (int n = 0; n < rows; n++) {
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
  public static void averagePool(double[] x, int rows, Window2d w, double[] y) {
    int c = w.channels();
    int o = 0;
    for (int n = 0; n < rows; n++) {
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
  public static void averagePoolBackward(float[] dy, int rows, Window2d w, float[] dx) {
    int c = w.channels();
    java.util.Arrays.fill(dx, 0, rows * w.inSize(), 0f);
    int o = 0;
    for (int n = 0; n < rows; n++) {
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
  public static void averagePoolBackward(double[] dy, int rows, Window2d w, double[] dx) {
    int c = w.channels();
    java.util.Arrays.fill(dx, 0, rows * w.inSize(), 0.0);
    int o = 0;
    for (int n = 0; n < rows; n++) {
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
