package dev.nnet.runtime.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * col2im's additions ({@link Convolution#col2im(float[], int, int, Window2d, float[])}) on the Java Vector API, in
 * the same order as the plain loop, so the same bits. Loaded only when {@link Vectorized} says so; as in {@link
 * VectorPasses}, every vector stays in one method, so that none escapes into a helper C2 might compile without
 * inlining.
 */
final class VectorConvolutionGradients {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int L = S.length();

  private VectorConvolutionGradients() {}

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
