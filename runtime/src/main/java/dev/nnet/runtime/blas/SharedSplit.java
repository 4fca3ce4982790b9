package dev.nnet.runtime.blas;

/**
 * When a product is cut along its shared dimension instead of by rows of {@code c}: a dense layer's {@code x · W}
 * at a training batch size ({@code [32 × 784] · [784 × 128]}) has a small result and a deep {@code b}, the layer's
 * weights. Cut by rows of {@code c}, every thread reads all of {@code W}; cut at the middle row of {@code W}, each
 * reads half of it, and with two threads the half that the optimizer's part on the same thread has just updated
 * (the optimizer cuts every parameter's flat array in the middle), so it is still in that core's cache. The second
 * half's products land in a buffer that is then added to {@code c}.
 *
 * <p>Measured on a 2-core Xeon (AVX-512) for the Fashion-MNIST MLP's first layer at batch 32, right after the
 * weights were updated by two threads: 63 µs cut by rows, 40 cut at the middle (benchmarks/RESULTS.md).
 *
 * <p>The rule looks at the shape only, never at the thread count, so a backend that promises the same bits for
 * every thread count can cut the same way on one thread.
 */
final class SharedSplit {
  private SharedSplit() {}

  /**
   * Whether {@code c = a · b}, {@code c} being {@code m × n} and the shared dimension {@code k}, is cut along
   * {@code k}: {@code k} at least twice {@code m} (so {@code c} is at most half of {@code b}) and 128, and each
   * half at least {@link Parallel#MIN_PART_MACS} multiply-adds.
   */
  static boolean applies(int m, int n, int k) {
    return k >= 2L * m && k >= 128 && (long) m * n * k >= 2 * Parallel.MIN_PART_MACS;
  }

  /** The first shared index of the second half. */
  static int middle(int k) {
    return k / 2;
  }

  /** {@code c[i] += partial[i]} for the first {@code size} values: the two halves put together. */
  static void add(float[] partial, float[] c, int size) {
    for (int i = 0; i < size; i++) {
      c[i] += partial[i];
    }
  }

  /** The float64 twin of {@link #add(float[], float[], int)}. */
  static void add(double[] partial, double[] c, int size) {
    for (int i = 0; i < size; i++) {
      c[i] += partial[i];
    }
  }
}
