package dev.nnet.runtime.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Float32 passes of a convolution's backward on the Java Vector API: col2im's additions ({@link #col2imAdd}) and the
 * output-gradient pass ({@link Convolution#outputGradientRelu}), dz = dy·min(y·2¹⁰⁰·2¹⁰⁰, 1) with the bias gradient
 * summed in the same pass while dz is in registers, each column's sum still over the pixels in order. The same
 * operations in the same order as the plain loops and {@link Bias#accumulate}, so the same bits. Over the Fashion
 * convnet's first layer (128 × 676 pixels × 32 filters) the plain output-gradient loop and the separate sum took
 * 8.9 ms, this 1 ms. Loaded only when {@link Vectorized} says so; as in {@link VectorPasses}, every vector stays in
 * one method, so that none escapes into a helper C2 might compile without inlining.
 */
final class VectorConvolutionGradients {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int L = S.length();

  private VectorConvolutionGradients() {}

  /** {@link Convolution#outputGradientRelu(float[], float[], int, int, int, float[], float[])}. */
  static void outputGradientRelu(float[] dy, float[] y, int offset, int pixels, int filters, float[] dz, float[] db) {
    if (db == null || filters < L) {
      int n = pixels * filters;
      int i = 0;
      for (; i <= n - L; i += L) {
        FloatVector.fromArray(S, dy, offset + i)
            .mul(FloatVector.fromArray(S, y, offset + i).mul(0x1p100f).mul(0x1p100f).min(1f))
            .intoArray(dz, i);
      }
      for (; i < n; i++) {
        dz[i] = dy[offset + i] * Math.min(y[offset + i] * 0x1p100f * 0x1p100f, 1f);
      }
      if (db != null) {
        Bias.accumulate(dz, pixels, filters, db);
      }
      return;
    }
    int whole = filters - filters % L;
    for (int j = 0; j < whole; j += L) {
      FloatVector sum = FloatVector.fromArray(S, db, j);
      for (int p = 0, o = j; p < pixels; p++, o += filters) {
        FloatVector d = FloatVector.fromArray(S, dy, offset + o)
            .mul(FloatVector.fromArray(S, y, offset + o).mul(0x1p100f).mul(0x1p100f).min(1f));
        d.intoArray(dz, o);
        sum = sum.add(d);
      }
      sum.intoArray(db, j);
    }
    for (int j = whole; j < filters; j++) {
      float sum = db[j];
      for (int p = 0, o = j; p < pixels; p++, o += filters) {
        float d = dy[offset + o] * Math.min(y[offset + o] * 0x1p100f * 0x1p100f, 1f);
        dz[o] = d;
        sum += d;
      }
      db[j] = sum;
    }
  }

  /**
   * The additions of {@link Convolution#col2im(float[], int, int, Window2d, float[])} onto a zeroed {@code dx}, in
   * the same order: patch by patch, each kernel row's run of windowWidth·channels values a vector at a time (96
   * values a run in the Fashion convnet's second layer: 2.0 ms a batch of 128 as a plain loop, 0.6 here).
   */
  static void col2imAdd(float[] columns, int first, int rows, Window2d w, float[] dx) {
    int c = w.channels();
    int run = w.windowWidth() * c;
    int o = 0;
    for (int n = first; n < first + rows; n++) {
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
              int i = from;
              for (; i <= to - L; i += L) {
                FloatVector.fromArray(S, dx, dst + i).add(FloatVector.fromArray(S, columns, o + i))
                    .intoArray(dx, dst + i);
              }
              for (; i < to; i++) {
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
