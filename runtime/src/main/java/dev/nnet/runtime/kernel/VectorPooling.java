package dev.nnet.runtime.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The float32 2×2 max pooling of {@link MaxPooling2x2} on the Java Vector API, a vector of channels at a time: the
 * same operations in the same order as the plain loops (lanewise {@code max} and {@code min} are {@code Math.max}
 * and {@code Math.min}), so both make the same bits. C2 in Java 17 leaves little of those loops vectorized (32
 * channels a window is too short a trip for its pre- and post-loops): over the Fashion convnet's first pooling
 * layer (128 × 26 × 26 × 32) forward took 3.1 ms and backward 5.8 against 0.6 and 1.1 here. Channels past the last
 * whole vector are left to the plain loops ({@link #wholeChannels}). Loaded only when {@link Vectorized} says so.
 */
final class VectorPooling {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int L = S.length();

  private VectorPooling() {}

  /** The channels, from 0, that these passes cover: whole vectors of them. */
  static int wholeChannels(int channels) {
    return channels - channels % L;
  }

  /** {@link MaxPooling2x2#maxPool2x2(float[], int, int, Window2d, float[])} for the first {@link #wholeChannels}. */
  static void maxPool2x2(float[] x, int from, int rows, Window2d w, float[] y) {
    int c = w.channels();
    int whole = wholeChannels(c);
    int rowStride = w.inWidth() * c;
    int o = from * w.outPixels() * c;
    for (int n = from; n < from + rows; n++) {
      int sample = n * w.inSize();
      for (int oy = 0; oy < w.outHeight(); oy++) {
        for (int ox = 0; ox < w.outWidth(); ox++, o += c) {
          int p0 = sample + 2 * oy * rowStride + 2 * ox * c;
          int p2 = p0 + rowStride;
          for (int ci = 0; ci < whole; ci += L) {
            FloatVector top = FloatVector.fromArray(S, x, p0 + ci).max(FloatVector.fromArray(S, x, p0 + c + ci));
            FloatVector bottom = FloatVector.fromArray(S, x, p2 + ci).max(FloatVector.fromArray(S, x, p2 + c + ci));
            top.max(bottom).intoArray(y, o + ci);
          }
        }
      }
    }
  }

  /**
   * {@link MaxPooling2x2#maxPool2x2Backward(float[], float[], float[], int, int, Window2d, float[])} for the first
   * {@link #wholeChannels}: e = 1 − min(|x − m|·2¹⁰⁰·2¹⁰⁰, 1) is 1 where x equals its window's max m, else 0, and
   * each input's share is g·e times 1 minus the indicators before it in window order.
   */
  static void maxPool2x2Backward(float[] x, float[] y, float[] dy, int from, int rows, Window2d w, float[] dx) {
    int c = w.channels();
    int whole = wholeChannels(c);
    int rowStride = w.inWidth() * c;
    int o = from * w.outPixels() * c;
    for (int n = from; n < from + rows; n++) {
      int sample = n * w.inSize();
      for (int oy = 0; oy < w.outHeight(); oy++) {
        for (int ox = 0; ox < w.outWidth(); ox++, o += c) {
          int p0 = sample + 2 * oy * rowStride + 2 * ox * c;
          int p1 = p0 + c;
          int p2 = p0 + rowStride;
          int p3 = p2 + c;
          for (int ci = 0; ci < whole; ci += L) {
            FloatVector m = FloatVector.fromArray(S, y, o + ci);
            FloatVector g = FloatVector.fromArray(S, dy, o + ci);
            FloatVector one = FloatVector.broadcast(S, 1f);
            FloatVector e0 = one.sub(FloatVector.fromArray(S, x, p0 + ci).sub(m).abs().mul(0x1p100f).mul(0x1p100f)
                .min(1f));
            FloatVector e1 = one.sub(FloatVector.fromArray(S, x, p1 + ci).sub(m).abs().mul(0x1p100f).mul(0x1p100f)
                .min(1f)).mul(one.sub(e0));
            FloatVector e2 = one.sub(FloatVector.fromArray(S, x, p2 + ci).sub(m).abs().mul(0x1p100f).mul(0x1p100f)
                .min(1f)).mul(one.sub(e0).sub(e1));
            g.mul(e0).intoArray(dx, p0 + ci);
            g.mul(e1).intoArray(dx, p1 + ci);
            g.mul(e2).intoArray(dx, p2 + ci);
            g.mul(one.sub(e0).sub(e1).sub(e2)).intoArray(dx, p3 + ci);
          }
        }
      }
    }
  }
}
