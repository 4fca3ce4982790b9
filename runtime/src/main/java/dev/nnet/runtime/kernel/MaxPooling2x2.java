package dev.nnet.runtime.kernel;

/**
 * Max pooling of 2×2 windows at stride 2 without padding, nearly every convnet's pooling, over [height, width,
 * channels] samples stored channels last: training records no winners, backward finds each window's first maximum
 * again from x and y, so both passes vectorize. Other geometries take {@link MaxPooling}.
 *
 * <p>Each pass covers the samples {@code from} to {@code from + rows - 1} of the batch, so that a batch can be
 * split between threads; a pass writes only those samples' outputs. The float32 passes run on the Vector API when it
 * is there ({@link VectorPooling}, the same bits), a vector of channels at a time.
 */
public final class MaxPooling2x2 {
  private MaxPooling2x2() {}

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
    int first = 0; // the channels from here on are the plain loop's
    if (Vectorized.worth((long) rows * w.outPixels() * c)) {
      VectorPooling.maxPool2x2(x, from, rows, w, y);
      first = VectorPooling.wholeChannels(c);
      if (first == c) {
        return;
      }
    }
    int rowStride = w.inWidth() * c;
    int o = from * w.outPixels() * c;
    for (int n = from; n < from + rows; n++) {
      int sample = n * w.inSize();
      for (int oy = 0; oy < w.outHeight(); oy++) {
        for (int ox = 0; ox < w.outWidth(); ox++, o += c) {
          int p0 = sample + 2 * oy * rowStride + 2 * ox * c;
          int p2 = p0 + rowStride;
          for (int ci = first; ci < c; ci++) {
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
    int first = 0; // the channels from here on are the plain loop's
    if (Vectorized.worth((long) rows * w.outPixels() * c)) {
      VectorPooling.maxPool2x2Backward(x, y, dy, from, rows, w, dx);
      first = VectorPooling.wholeChannels(c);
      if (first == c) {
        return;
      }
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
          for (int ci = first; ci < c; ci++) {
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
}
