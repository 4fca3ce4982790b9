package dev.nnet.runtime.kernel;

/**
 * Global pooling: the max or the mean of each channel over every position of a sample, [positions, channels]
 * samples stored channels last (a sequence's steps, or an image's pixels), in float32 and float64 by overload. An
 * optional mask (an embedding's {@code mask_zero}: 1 for a real step, 0 for padding) leaves the padded positions out
 * of both, as Keras does.
 */
public final class GlobalPooling {
  private GlobalPooling() {}

  /**
   * y[n][c] = the mean over positions p of x[n][p][c]; with a mask, over the real positions only (mask[n][p] ≠ 0),
   * and 0 when a sample has none.
   *
   * @param mask 1 for a real position, 0 for padding, {@code rows · positions} values; null when every one is real
   */
  public static void average(double[] x, double[] mask, int rows, int positions, int channels, double[] y) {
    for (int n = 0; n < rows; n++) {
      int real = real(mask, n, positions);
      for (int c = 0; c < channels; c++) {
        double sum = 0;
        for (int p = 0; p < positions; p++) {
          if (mask == null || mask[n * positions + p] != 0) {
            sum += x[(n * positions + p) * channels + c];
          }
        }
        y[n * channels + c] = real == 0 ? 0 : sum / real;
      }
    }
  }

  /** dx[n][p][c] = dy[n][c] / (real positions of sample n) at a real position, 0 at padding. Overwrites dx. */
  public static void averageBackward(double[] dy, double[] mask, int rows, int positions, int channels, double[] dx) {
    for (int n = 0; n < rows; n++) {
      int real = real(mask, n, positions);
      double inv = real == 0 ? 0 : 1.0 / real;
      for (int p = 0; p < positions; p++) {
        boolean on = mask == null || mask[n * positions + p] != 0;
        for (int c = 0; c < channels; c++) {
          dx[(n * positions + p) * channels + c] = on ? dy[n * channels + c] * inv : 0;
        }
      }
    }
  }

  /**
   * y[n][c] = the max over positions p of x[n][p][c]; with a mask, over the real positions only, and 0 when a sample
   * has none. Of equal values the first position wins, as in 2-D max pooling; with {@code winners} (training), it is
   * recorded there for {@link #maxBackward(double[], int[], int, int, int, double[])}.
   *
   * @param mask as for {@link #average(double[], double[], int, int, int, double[])}
   * @param winners {@code rows · channels} positions, -1 for a sample with no real position; null at inference
   */
  public static void max(double[] x, double[] mask, int rows, int positions, int channels, double[] y, int[] winners) {
    // Positions outer, channels inner: runs of contiguous values. Only a greater value replaces the max, so the
    // first of equal values stays.
    for (int n = 0; n < rows; n++) {
      int out = n * channels;
      boolean any = false;
      for (int p = 0; p < positions; p++) {
        if (mask != null && mask[n * positions + p] == 0) {
          continue;
        }
        int in = (n * positions + p) * channels;
        if (!any) {
          System.arraycopy(x, in, y, out, channels);
          if (winners != null) {
            java.util.Arrays.fill(winners, out, out + channels, p);
          }
          any = true;
        } else if (winners == null) {
          for (int c = 0; c < channels; c++) {
            y[out + c] = Math.max(y[out + c], x[in + c]);
          }
        } else {
          for (int c = 0; c < channels; c++) {
            if (x[in + c] > y[out + c]) {
              y[out + c] = x[in + c];
              winners[out + c] = p;
            }
          }
        }
      }
      if (!any) {
        java.util.Arrays.fill(y, out, out + channels, 0);
        if (winners != null) {
          java.util.Arrays.fill(winners, out, out + channels, -1);
        }
      }
    }
  }

  /**
   * dx[n][p][c] = dy[n][c] at the position that won the max in the recording forward pass, 0 elsewhere. Overwrites
   * dx.
   */
  public static void maxBackward(double[] dy, int[] winners, int rows, int positions, int channels, double[] dx) {
    java.util.Arrays.fill(dx, 0, rows * positions * channels, 0);
    for (int n = 0; n < rows; n++) {
      for (int c = 0; c < channels; c++) {
        int p = winners[n * channels + c];
        if (p >= 0) {
          dx[(n * positions + p) * channels + c] = dy[n * channels + c];
        }
      }
    }
  }

  private static int real(double[] mask, int n, int positions) {
    if (mask == null) {
      return positions;
    }
    int real = 0;
    for (int p = 0; p < positions; p++) {
      if (mask[n * positions + p] != 0) {
        real++;
      }
    }
    return real;
  }

  /**
   * y[n][c] = the mean over positions p of x[n][p][c]; with a mask, over the real positions only (mask[n][p] ≠ 0),
   * and 0 when a sample has none.
   *
   * @param mask 1 for a real position, 0 for padding, {@code rows · positions} values; null when every one is real
   */
  public static void average(float[] x, float[] mask, int rows, int positions, int channels, float[] y) {
    for (int n = 0; n < rows; n++) {
      int real = real(mask, n, positions);
      for (int c = 0; c < channels; c++) {
        double sum = 0;
        for (int p = 0; p < positions; p++) {
          if (mask == null || mask[n * positions + p] != 0) {
            sum += x[(n * positions + p) * channels + c];
          }
        }
        y[n * channels + c] = (float) (real == 0 ? 0 : sum / real);
      }
    }
  }

  /** dx[n][p][c] = dy[n][c] / (real positions of sample n) at a real position, 0 at padding. Overwrites dx. */
  public static void averageBackward(float[] dy, float[] mask, int rows, int positions, int channels, float[] dx) {
    for (int n = 0; n < rows; n++) {
      int real = real(mask, n, positions);
      float inv = real == 0 ? 0 : 1f / real;
      for (int p = 0; p < positions; p++) {
        boolean on = mask == null || mask[n * positions + p] != 0;
        for (int c = 0; c < channels; c++) {
          dx[(n * positions + p) * channels + c] = on ? dy[n * channels + c] * inv : 0;
        }
      }
    }
  }

  /**
   * y[n][c] = the max over positions p of x[n][p][c]; with a mask, over the real positions only, and 0 when a sample
   * has none. Of equal values the first position wins, as in 2-D max pooling; with {@code winners} (training), it is
   * recorded there for {@link #maxBackward(float[], int[], int, int, int, float[])}.
   *
   * @param mask as for {@link #average(float[], float[], int, int, int, float[])}
   * @param winners {@code rows · channels} positions, -1 for a sample with no real position; null at inference
   */
  public static void max(float[] x, float[] mask, int rows, int positions, int channels, float[] y, int[] winners) {
    if (Vectorized.worth((long) rows * positions * channels)) {
      VectorPasses.globalMax(x, mask, rows, positions, channels, y, winners);
      return;
    }
    // Positions outer, channels inner: runs of contiguous values. Only a greater value replaces the max, so the
    // first of equal values stays.
    for (int n = 0; n < rows; n++) {
      int out = n * channels;
      boolean any = false;
      for (int p = 0; p < positions; p++) {
        if (mask != null && mask[n * positions + p] == 0) {
          continue;
        }
        int in = (n * positions + p) * channels;
        if (!any) {
          System.arraycopy(x, in, y, out, channels);
          if (winners != null) {
            java.util.Arrays.fill(winners, out, out + channels, p);
          }
          any = true;
        } else if (winners == null) {
          for (int c = 0; c < channels; c++) {
            y[out + c] = Math.max(y[out + c], x[in + c]);
          }
        } else {
          for (int c = 0; c < channels; c++) {
            if (x[in + c] > y[out + c]) {
              y[out + c] = x[in + c];
              winners[out + c] = p;
            }
          }
        }
      }
      if (!any) {
        java.util.Arrays.fill(y, out, out + channels, 0);
        if (winners != null) {
          java.util.Arrays.fill(winners, out, out + channels, -1);
        }
      }
    }
  }

  /**
   * dx[n][p][c] = dy[n][c] at the position that won the max in the recording forward pass, 0 elsewhere. Overwrites
   * dx.
   */
  public static void maxBackward(float[] dy, int[] winners, int rows, int positions, int channels, float[] dx) {
    java.util.Arrays.fill(dx, 0, rows * positions * channels, 0);
    for (int n = 0; n < rows; n++) {
      for (int c = 0; c < channels; c++) {
        int p = winners[n * channels + c];
        if (p >= 0) {
          dx[(n * positions + p) * channels + c] = dy[n * channels + c];
        }
      }
    }
  }

  private static int real(float[] mask, int n, int positions) {
    if (mask == null) {
      return positions;
    }
    int real = 0;
    for (int p = 0; p < positions; p++) {
      if (mask[n * positions + p] != 0) {
        real++;
      }
    }
    return real;
  }
}
