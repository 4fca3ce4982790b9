package dev.nnet.runtime.kernel;

/**
 * Global average pooling: the mean of each channel over a sample's height and width, [positions, channels] samples
 * stored channels last.
 */
public final class GlobalAveragePooling {
  private GlobalAveragePooling() {}

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
