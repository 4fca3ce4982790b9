package dev.nnet.runtime.kernel;

/**
 * Flushing subnormal results to zero. On Intel cores every arithmetic instruction that reads or produces a subnormal
 * (a value below {@link Float#MIN_NORMAL}, about 1.2e-38, or {@link Double#MIN_NORMAL}) takes a microcode assist of
 * a hundred cycles or more; a loop that keeps making them runs 20 to 40 times slower. Native libraries set the CPU's
 * flush-to-zero flag; Java cannot, so the kernels that can make such values (an {@code exp} of a large negative
 * number, the tails of sigmoid and softmax, products of small gradients) store zero instead. A subnormal is at most
 * 1.2e-38 (float32) from zero, far below any value's rounding that it would be added to.
 *
 * <p>The kernels that call these are scalar loops around {@code Math.exp} and friends, which C2 does not vectorize in
 * any case; the comparison costs one instruction. Optimizers flush their own state with vector instructions (see
 * {@code dev.nnet.runtime.optim}).
 */
public final class Subnormals {
  private Subnormals() {}

  /** {@code x}, or zero when {@code |x|} is below {@link Float#MIN_NORMAL} (NaN stays NaN). */
  public static float flush(float x) {
    return Math.abs(x) < Float.MIN_NORMAL ? 0f : x;
  }

  /** {@code x}, or zero when {@code |x|} is below {@link Double#MIN_NORMAL} (NaN stays NaN). */
  public static double flush(double x) {
    return Math.abs(x) < Double.MIN_NORMAL ? 0.0 : x;
  }

  /**
   * {@code (float) x}, or zero when that would be a subnormal float: the comparison is made on the double, which is
   * still normal, so the conversion never sees a float32 subnormal result.
   */
  public static float toFloat(double x) {
    return Math.abs(x) < Float.MIN_NORMAL ? 0f : (float) x;
  }
}
