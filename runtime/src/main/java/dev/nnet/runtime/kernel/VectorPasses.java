package dev.nnet.runtime.kernel;

import static jdk.incubator.vector.VectorOperators.AND_NOT;
import static jdk.incubator.vector.VectorOperators.ASHR;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The float32 element-wise passes of a dense layer on the Java Vector API: bias, relu and their gradients, each the
 * same operations in the same order as its plain loop, so both make the same bits. C2 in Java 17 leaves the plain
 * loops scalar (relu's integer mask, the bias's per-row offset), and on a 128 × 128 activation they took 10 to 15 µs
 * each against 1 to 2 here. Loaded only when {@link Vectorized} says so ({@code --add-modules jdk.incubator.vector});
 * as in {@code VectorSteps}, each mask is written out at its use so that no vector escapes into a helper that C2
 * might compile without inlining (a vector that escapes is a heap object).
 */
final class VectorPasses {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int L = S.length();
  /** +∞'s bits: {@link Activations#positive(int)} compares {@code bits − 1} with it. */
  private static final int INFINITY_BITS = 0x7f80_0000;

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
   * {@link Bias#accumulate(float[], int, int, float[])}: each column's sum still runs over the rows in order, a
   * vector of columns at a time.
   */
  static void biasAccumulate(float[] dm, int rows, int cols, float[] db) {
    int whole = cols - cols % L;
    for (int j = 0; j < whole; j += L) {
      FloatVector sum = FloatVector.fromArray(S, db, j);
      for (int r = 0, o = j; r < rows; r++, o += cols) {
        sum = sum.add(FloatVector.fromArray(S, dm, o));
      }
      sum.intoArray(db, j);
    }
    for (int j = whole; j < cols; j++) {
      float sum = db[j];
      for (int r = 0, o = j; r < rows; r++, o += cols) {
        sum += dm[o];
      }
      db[j] = sum;
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
      y[i] = Float.intBitsToFloat(bits & Activations.positive(bits));
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
      int mask = Activations.positive(Float.floatToRawIntBits(y[i]));
      dx[i] = Float.intBitsToFloat(Float.floatToRawIntBits(dy[i]) & mask);
    }
  }
}
