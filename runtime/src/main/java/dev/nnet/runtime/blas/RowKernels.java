package dev.nnet.runtime.blas;

import java.util.Arrays;

/**
 * The product of one row by a matrix, {@code c = x · b} with {@code x} of length {@code k} and {@code b} a row-major
 * {@code k × n} matrix: batch-1 inference, where a general product's set-up (a JNI call, packing, a tile of 3 rows
 * with one used) costs more than the arithmetic. Computed as a sum of rows of {@code b}, {@code c = Σₚ x[p]·b[p,:]},
 * reading {@code b} once in memory order; terms with {@code x[p] = 0} are skipped, as the reference BLAS's
 * {@code sgemm} skips them (an image's background and a ReLU's inactive units are zeros: about half of a
 * Fashion-MNIST image); in a product narrower than a vector ({@link FloatRowKernels#narrow}), where a row costs
 * less than the test, a zero's row is blended to zeros instead.
 *
 * <p>With the Vector API present, {@link FloatRowKernels#rowTimesMatrix} keeps {@code c}'s columns in vector registers,
 * loading a large {@code b} from the offset at which its vectors are aligned ({@link AlignedOffsets}); otherwise a
 * plain loop over four rows of {@code b} at a time, about four times slower: Java 17's C2 leaves it scalar (measured:
 * as fast with {@code -XX:-UseSuperWord}). Either way each {@code c[j]} is summed in an order fixed by the shape
 * and the zeros of {@code x}, so the result does not depend on anything but the inputs.
 */
final class RowKernels {
  private static final boolean VECTOR = Platform.probe().vector();

  /** Per thread: the nonzero positions of {@code x}, grown on demand (a model's first call allocates), and more. */
  private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

  private RowKernels() {}

  /** {@code c[0..n) = x[0..k) · b}, {@code b} row-major {@code k × n}. Overwrites the first {@code n} of {@code c}. */
  static void mult(float[] x, float[] b, float[] c, int k, int n) {
    if (n == 0) {
      return;
    }
    Scratch scratch = SCRATCH.get();
    if (VECTOR && n < FloatRowKernels.lanes()) {
      FloatRowKernels.narrow(x, k, b, c, n, scratch.lanes());
      return;
    }
    int[] nz = scratch.nonzero(k);
    int count = 0;
    for (int p = 0; p < k; p++) {
      nz[count] = p;
      count += nonzero(x[p]);
    }
    if (VECTOR) {
      int s = FloatRowKernels.alignable(k, n) ? scratch.offsets().offset(b) : 0;
      FloatRowKernels.rowTimesMatrix(x, nz, count, b, c, n, s, scratch.lanes());
    } else {
      plain(x, nz, count, b, c, n);
    }
  }

  /**
   * 1 when {@code v != 0} (NaN included, −0 not), else 0, without a branch (zeros come in runs of varying length, a
   * branch would mispredict) and in integer operations: {@code |bits| + 0x7fffffff} carries into the sign bit unless
   * the magnitude's bits are all zero. A fifth faster than {@code v != 0f ? 1 : 0}, which costs a NaN test.
   */
  private static int nonzero(float v) {
    return ((Float.floatToRawIntBits(v) & 0x7fffffff) + 0x7fffffff) >>> 31;
  }

  /** The plain loop: four rows of {@code b} per pass over {@code c}, so {@code c} is read and written a quarter as often. */
  static void plain(float[] x, int[] nz, int count, float[] b, float[] c, int n) {
    Arrays.fill(c, 0, n, 0f);
    int q = 0;
    for (; q + 4 <= count; q += 4) {
      int p0 = nz[q], p1 = nz[q + 1], p2 = nz[q + 2], p3 = nz[q + 3];
      float x0 = x[p0], x1 = x[p1], x2 = x[p2], x3 = x[p3];
      int o0 = p0 * n, o1 = p1 * n, o2 = p2 * n, o3 = p3 * n;
      for (int j = 0; j < n; j++) {
        c[j] = c[j] + x0 * b[o0 + j] + x1 * b[o1 + j] + x2 * b[o2 + j] + x3 * b[o3 + j];
      }
    }
    for (; q < count; q++) {
      float xp = x[nz[q]];
      int o = nz[q] * n;
      for (int j = 0; j < n; j++) {
        c[j] += xp * b[o + j];
      }
    }
  }

  /** One thread's buffers; the Vector API ones are made on first use, so the plain path never loads that API. */
  private static final class Scratch {
    private int[] nonzero = new int[0];
    private float[] lanes;
    private AlignedOffsets offsets;

    int[] nonzero(int k) {
      if (nonzero.length < k) {
        nonzero = new int[k];
      }
      return nonzero;
    }

    float[] lanes() {
      if (lanes == null) {
        lanes = new float[FloatRowKernels.BLOCK];
      }
      return lanes;
    }

    AlignedOffsets offsets() {
      if (offsets == null) {
        offsets = new AlignedOffsets();
      }
      return offsets;
    }
  }
}
