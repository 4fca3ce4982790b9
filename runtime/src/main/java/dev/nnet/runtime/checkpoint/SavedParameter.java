package dev.nnet.runtime.checkpoint;

import java.util.Arrays;

/**
 * One parameter as stored: its name, logical shape, whether it is trainable, its precision, and its values widened
 * to double (exact for float32 values, which are narrowed back on restore).
 */
public record SavedParameter(String name, int[] shape, boolean trainable, boolean isDouble, double[] values) {
  public SavedParameter {
    shape = shape.clone();
    long size = 1;
    for (int d : shape) {
      size *= d;
    }
    if (size != values.length) {
      throw new IllegalArgumentException(
          name + ": shape " + Arrays.toString(shape) + " holds " + size + " values, got " + values.length);
    }
  }

  @Override
  public int[] shape() {
    return shape.clone();
  }
}
