package dev.nnet.runtime.kernel;

import static jdk.incubator.vector.VectorOperators.AND_NOT;
import static jdk.incubator.vector.VectorOperators.ASHR;
import static jdk.incubator.vector.VectorOperators.B2I;
import static jdk.incubator.vector.VectorOperators.GT;
import static jdk.incubator.vector.VectorOperators.I2F;
import static jdk.incubator.vector.VectorOperators.NE;
import static jdk.incubator.vector.VectorOperators.OR;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The float32 passes of a layer on the Java Vector API: bias, relu and their gradients, a convolution's output with
 * its bias and relu, its sparse backward, global max pooling, and an embedding's scatter-add, each the same
 * operations in the same order as its plain loop, so both make the same bits. C2 in Java 17 leaves the plain loops
 * scalar (relu's integer mask, the bias's per-row offset, {@code Math.max} on floats, the max pooling's branch on
 * each value), and on a 128 × 128 activation they took 10 to 15 µs each against 1 to 2 here; on the conv1d of
 * samples/wordlang (64 samples × 18 positions × 64 filters) the output took 86 µs against 11, the pooling 86
 * against 8. Loaded only when {@link Vectorized} says so ({@code --add-modules jdk.incubator.vector}); as in
 * {@code VectorSteps}, each mask is written out at its use so that no vector escapes into a helper that C2 might
 * compile without inlining (a vector that escapes is a heap object).
 */
final class VectorPasses {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int L = S.length();
  /** As many bytes, and ints, as {@link #S} has floats. */
  private static final VectorSpecies<Byte> BYTE_LANES = VectorSpecies.of(byte.class, VectorShape.forBitSize(8 * L));

  private static final VectorSpecies<Integer> INT_LANES = VectorSpecies.of(int.class, S.vectorShape());
  /** +∞'s bits: {@link ActivationMath#positive(int)} compares {@code bits − 1} with it. */
  private static final int INFINITY_BITS = 0x7f80_0000;

  /** Lane i holds the bits of the int 2^i: {@link #backwardSparse} ORs them into a bit set of lanes. */
  private static final float[] LANE_BITS = new float[L];

  static {
    for (int i = 0; i < L; i++) {
      LANE_BITS[i] = Float.intBitsToFloat(1 << i);
    }
  }

  private VectorPasses() {}

  /** {@link Bias#add(float[], int, int, float[])}; columns past the last whole vector in the plain loop. */
  static void biasAdd(float[] m, int rows, int cols, float[] b) {
    int whole = cols - cols % L;
    for (int r = 0; r < rows; r++) {
      int o = r * cols;
      for (int j = 0; j < whole; j += L) {
        FloatVector.fromArray(S, m, o + j).add(FloatVector.fromArray(S, b, j)).intoArray(m, o + j);
      }
      for (int j = whole; j < cols; j++) {
        m[o + j] += b[j];
      }
    }
  }

  /**
   * {@link Bias#accumulate(float[], int, int, float[])} into db from dbOffset: each column's sum still runs over the
   * rows in order, a vector of columns at a time.
   */
  static void biasAccumulate(float[] dm, int rows, int cols, float[] db, int dbOffset) {
    int whole = cols - cols % L;
    int j = 0;
    // four vectors of columns per pass over the rows: a quarter of the passes, and four independent sums
    for (; j <= whole - 4 * L; j += 4 * L) {
      FloatVector s0 = FloatVector.fromArray(S, db, dbOffset + j);
      FloatVector s1 = FloatVector.fromArray(S, db, dbOffset + j + L);
      FloatVector s2 = FloatVector.fromArray(S, db, dbOffset + j + 2 * L);
      FloatVector s3 = FloatVector.fromArray(S, db, dbOffset + j + 3 * L);
      for (int r = 0, o = j; r < rows; r++, o += cols) {
        s0 = s0.add(FloatVector.fromArray(S, dm, o));
        s1 = s1.add(FloatVector.fromArray(S, dm, o + L));
        s2 = s2.add(FloatVector.fromArray(S, dm, o + 2 * L));
        s3 = s3.add(FloatVector.fromArray(S, dm, o + 3 * L));
      }
      s0.intoArray(db, dbOffset + j);
      s1.intoArray(db, dbOffset + j + L);
      s2.intoArray(db, dbOffset + j + 2 * L);
      s3.intoArray(db, dbOffset + j + 3 * L);
    }
    for (; j < whole; j += L) {
      FloatVector sum = FloatVector.fromArray(S, db, dbOffset + j);
      for (int r = 0, o = j; r < rows; r++, o += cols) {
        sum = sum.add(FloatVector.fromArray(S, dm, o));
      }
      sum.intoArray(db, dbOffset + j);
    }
    for (; j < cols; j++) {
      float sum = db[dbOffset + j];
      for (int r = 0, o = j; r < rows; r++, o += cols) {
        sum += dm[o];
      }
      db[dbOffset + j] = sum;
    }
  }

  /** {@link Activations#relu(float[], float[], int, int)}: {@code x & positive(x)} on each lane's bits. */
  static void relu(float[] x, float[] y, int from, int n) {
    int i = from;
    int end = from + n;
    for (; i <= end - L; i += L) {
      IntVector bits = FloatVector.fromArray(S, x, i).reinterpretAsInts();
      IntVector m = bits.sub(1);
      IntVector positive = m.sub(INFINITY_BITS).lanewise(ASHR, 31).lanewise(AND_NOT, m.lanewise(ASHR, 31));
      bits.and(positive).reinterpretAsFloats().intoArray(y, i);
    }
    for (; i < end; i++) {
      int bits = Float.floatToRawIntBits(x[i]);
      y[i] = Float.intBitsToFloat(bits & ActivationMath.positive(bits));
    }
  }

  /** {@link Activations#reluBackward(float[], float[], float[], int, int)}: {@code dy & positive(y)}. */
  static void reluBackward(float[] y, float[] dy, float[] dx, int from, int n) {
    int i = from;
    int end = from + n;
    for (; i <= end - L; i += L) {
      IntVector m = FloatVector.fromArray(S, y, i).reinterpretAsInts().sub(1);
      IntVector positive = m.sub(INFINITY_BITS).lanewise(ASHR, 31).lanewise(AND_NOT, m.lanewise(ASHR, 31));
      FloatVector.fromArray(S, dy, i).reinterpretAsInts().and(positive).reinterpretAsFloats().intoArray(dx, i);
    }
    for (; i < end; i++) {
      int mask = ActivationMath.positive(Float.floatToRawIntBits(y[i]));
      dx[i] = Float.intBitsToFloat(Float.floatToRawIntBits(dy[i]) & mask);
    }
  }

  /**
   * {@link Convolution#outputRelu(float[], int, int, float[], float[], int)}: y = max(product + b, 0) by
   * {@code Math.max}'s rules (the Vector API's MAX is that operation lane by lane), {@code b} null for none.
   */
  static void outputRelu(float[] product, int pixels, int filters, float[] b, float[] y, int offset) {
    if (b == null) {
      int n = pixels * filters;
      int i = 0;
      for (; i <= n - L; i += L) {
        FloatVector.fromArray(S, product, i).max(0f).intoArray(y, offset + i);
      }
      for (; i < n; i++) {
        y[offset + i] = Math.max(product[i], 0f);
      }
      return;
    }
    int whole = filters - filters % L;
    for (int p = 0, o = 0; p < pixels; p++, o += filters) {
      int d = offset + o;
      for (int j = 0; j < whole; j += L) {
        FloatVector.fromArray(S, product, o + j).add(FloatVector.fromArray(S, b, j)).max(0f).intoArray(y, d + j);
      }
      for (int j = whole; j < filters; j++) {
        y[d + j] = Math.max(product[o + j] + b[j], 0f);
      }
    }
  }

  /**
   * The loop of {@link Convolution#outputGradientRelu(float[], float[], int, int, int, float[], float[])}:
   * dz[i] = dy[offset + i] · min(y[offset + i] · 2¹⁰⁰ · 2¹⁰⁰, 1), the same products and {@code Math.min} lane by lane.
   */
  static void reluGradient(float[] dy, float[] y, int offset, int n, float[] dz) {
    int i = 0;
    for (; i <= n - L; i += L) {
      FloatVector derivative = FloatVector.fromArray(S, y, offset + i).mul(0x1p100f).mul(0x1p100f).min(1f);
      FloatVector.fromArray(S, dy, offset + i).mul(derivative).intoArray(dz, i);
    }
    for (; i < n; i++) {
      dz[i] = dy[offset + i] * Math.min(y[offset + i] * 0x1p100f * 0x1p100f, 1f);
    }
  }

  /** How many of {@code v[0]} to {@code v[n − 1]} are nonzero (−0 is zero): {@link SparseConvolution#worth}'s count. */
  static int nonZeros(float[] v, int n) {
    int count = 0;
    int i = 0;
    for (; i <= n - L; i += L) {
      count += FloatVector.fromArray(S, v, i).compare(NE, 0f).trueCount();
    }
    for (; i < n; i++) {
      count += v[i] != 0 ? 1 : 0;
    }
    return count;
  }

  /**
   * {@link SparseConvolution#backward(float[], int, int, Window2d, float[], int, float[], float[], float[])}: the same
   * sums in the same order, a vector of dz skipped at once when it is all zeros, each run a vector at a time.
   */
  static void backwardSparse(float[] x, int first, int rows, Window2d w, float[] dz, int filters, float[] kernelT,
      float[] kernelGradT, float[] dx) {
    int c = w.channels();
    int run = w.windowWidth() * c;
    int patch = w.patchSize();
    int row = 0;
    for (int n = first; n < first + rows; n++) {
      int sample = n * w.inSize();
      for (int oy = 0; oy < w.outHeight(); oy++) {
        int top = oy * w.strideHeight() - w.padTop();
        for (int ox = 0; ox < w.outWidth(); ox++, row += filters) {
          int left = ox * w.strideWidth() - w.padLeft();
          int from = Math.max(0, -left) * c;
          int length = Math.min(w.windowWidth(), w.inWidth() - left) * c - from;
          for (int f0 = 0; f0 < filters; f0 += L) {
            // A bit for each nonzero lane (VectorMask.toLong allocates in Java 17: the lanes' bits are blended in
            // as floats and OR-ed as ints instead); the channels past the last whole vector are all visited.
            int lanes = (1 << (filters - f0)) - 1;
            if (f0 + L <= filters) {
              VectorMask<Float> nonZero = FloatVector.fromArray(S, dz, row + f0).compare(NE, 0f);
              lanes = FloatVector.zero(S).blend(FloatVector.fromArray(S, LANE_BITS, 0), nonZero)
                  .reinterpretAsInts()
                  .reduceLanes(OR);
            }
            for (; lanes != 0; lanes &= lanes - 1) {
              int f = f0 + Integer.numberOfTrailingZeros(lanes);
              float g = dz[row + f];
              if (g == 0) {
                continue;
              }
              for (int ky = 0; ky < w.windowHeight(); ky++) {
                int iy = top + ky;
                if (iy >= 0 && iy < w.inHeight()) {
                  int src = sample + (iy * w.inWidth() + left) * c + from;
                  int q = f * patch + ky * run + from;
                  addScaled(g, x, src, kernelGradT, q, length);
                  if (dx != null) {
                    addScaled(g, kernelT, q, dx, src, length);
                  }
                }
              }
            }
          }
        }
      }
    }
  }

  /** y[yo + i] += g · x[xo + i] for i < n, a product then a sum as in the plain loop. */
  private static void addScaled(float g, float[] x, int xo, float[] y, int yo, int n) {
    int i = 0;
    for (; i <= n - L; i += L) {
      FloatVector.fromArray(S, y, yo + i).add(FloatVector.fromArray(S, x, xo + i).mul(g)).intoArray(y, yo + i);
    }
    for (; i < n; i++) {
      y[yo + i] += g * x[xo + i];
    }
  }

  /**
   * {@link GlobalPooling#max(float[], float[], int, int, int, float[], int[])}, a vector of channels at a time held
   * in registers over the positions: with {@code winners}, a greater value replaces the max and its position the
   * winner (a compare and two blends instead of a branch that mispredicts on every new max); without, the max is
   * {@code Math.max}'s. The channels past the last whole vector take the plain loop's steps.
   */
  static void globalMax(float[] x, float[] mask, int rows, int positions, int channels, float[] y, int[] winners) {
    int whole = channels - channels % L;
    for (int n = 0; n < rows; n++) {
      int out = n * channels;
      int base = n * positions;
      int first = 0;
      while (first < positions && mask != null && mask[base + first] == 0) {
        first++;
      }
      if (first == positions) {
        java.util.Arrays.fill(y, out, out + channels, 0);
        if (winners != null) {
          java.util.Arrays.fill(winners, out, out + channels, -1);
        }
        continue;
      }
      for (int c = 0; c < whole; c += L) {
        FloatVector max = FloatVector.fromArray(S, x, (base + first) * channels + c);
        if (winners == null) {
          for (int p = first + 1; p < positions; p++) {
            if (mask == null || mask[base + p] != 0) {
              max = max.max(FloatVector.fromArray(S, x, (base + p) * channels + c));
            }
          }
        } else {
          // Each lane holds a position's int bits in a float lane, so that the compare's float mask blends them as it
          // blends the values; they are never computed with, only moved, and stored reinterpreted as ints.
          FloatVector winner = FloatVector.broadcast(S, Float.intBitsToFloat(first));
          for (int p = first + 1; p < positions; p++) {
            if (mask == null || mask[base + p] != 0) {
              FloatVector v = FloatVector.fromArray(S, x, (base + p) * channels + c);
              VectorMask<Float> greater = v.compare(GT, max);
              max = max.blend(v, greater);
              winner = winner.blend(Float.intBitsToFloat(p), greater);
            }
          }
          winner.reinterpretAsInts().intoArray(winners, out + c);
        }
        max.intoArray(y, out + c);
      }
      for (int c = whole; c < channels; c++) {
        float max = x[(base + first) * channels + c];
        int winner = first;
        for (int p = first + 1; p < positions; p++) {
          if (mask == null || mask[base + p] != 0) {
            float v = x[(base + p) * channels + c];
            if (winners == null) {
              max = Math.max(max, v);
            } else if (v > max) {
              max = v;
              winner = p;
            }
          }
        }
        y[out + c] = max;
        if (winners != null) {
          winners[out + c] = winner;
        }
      }
    }
  }

  /**
   * {@code table[ids[i]] += dy[i]} row by row, {@link Embedding#backward}'s loop: each value gets the same sums in
   * the same order. C2 leaves the plain loop scalar (the rows are at offsets it cannot tell apart): summing a GRU's
   * dx̂ by id, 1,280 rows of 192, took 142 µs.
   */
  static void scatterAdd(float[] ids, float[] dy, int count, int dim, float[] table) {
    for (int i = 0; i < count; i++) {
      addScaled(1f, dy, i * dim, table, (int) ids[i] * dim, dim); // 1·x is x, exactly
    }
  }

  /**
   * dst[d + i] = (src[s + i] & 0xFF) · scale for i < n over whole vectors (bytes widened to ints, masked, converted
   * exactly to float, one float multiply: the plain loop's bits); returns how many were done.
   */
  static int unsignedBytesScaled(byte[] src, int s, float[] dst, int d, int n, float scale) {
    int i = 0;
    for (; i <= n - L; i += L) {
      IntVector v = (IntVector) ByteVector.fromArray(BYTE_LANES, src, s + i).convertShape(B2I, INT_LANES, 0);
      ((FloatVector) v.and(0xFF).convertShape(I2F, S, 0)).mul(scale).intoArray(dst, d + i);
    }
    return i;
  }
}
