package dev.nnet.compiler.model;

/**
 * Convolution and pooling padding, as in Keras, with the geometry of one axis: an input of {@code in} positions
 * under a window of {@code k} at stride {@code s} gives {@link #outputSize} positions, output position o covering
 * input positions o·s − {@link #padBefore} + [0, k); positions outside the input are padding.
 */
public enum Padding {
  /** None: out = ⌊(in − k)/s⌋ + 1, the window must fit. */
  VALID,
  /** out = ⌈in/s⌉, with max((out − 1)·s + k − in, 0) padding split evenly, the odd one after. */
  SAME,
  /**
   * Conv1D's causal padding: k − 1 zeros before the sequence, so output step t sees inputs up to t only;
   * out = ⌈in/s⌉.
   */
  CAUSAL;

  /** The positions of the output along one axis; for {@link #VALID}, {@code k <= in}. */
  public int outputSize(int in, int k, int s) {
    // In long: a stride near Integer.MAX_VALUE overflows int (found by fuzzing); the results fit an int.
    return this == VALID ? (in - k) / s + 1 : (int) (((long) in + s - 1) / s);
  }

  /** The padding positions before the input along one axis. */
  public int padBefore(int in, int k, int s) {
    return switch (this) {
      case VALID -> 0;
      case SAME -> (int) (Math.max((long) (outputSize(in, k, s) - 1) * s + k - in, 0) / 2);
      case CAUSAL -> k - 1;
    };
  }

  /** The padding positions after the input along one axis that some window reaches. */
  public int padAfter(int in, int k, int s) {
    long total = (long) (outputSize(in, k, s) - 1) * s + k - in;
    return (int) Math.max(total - padBefore(in, k, s), 0);
  }
}
