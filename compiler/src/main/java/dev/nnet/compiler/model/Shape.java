package dev.nnet.compiler.model;

import java.util.List;

/**
 * The shape of one sample's tensor, channels last as in Keras: {@code [features]}, {@code [height, width]} or
 * {@code [height, width, channels]}. The batch dimension is never part of a shape.
 */
public record Shape(List<Integer> dims) {
  public Shape {
    dims = List.copyOf(dims);
    if (dims.isEmpty()) {
      throw new IllegalArgumentException("a shape has at least one dimension");
    }
    for (int d : dims) {
      if (d <= 0) {
        throw new IllegalArgumentException("dimensions are positive: " + dims);
      }
    }
  }

  public static Shape of(int... dims) {
    return new Shape(java.util.Arrays.stream(dims).boxed().toList());
  }

  public int rank() {
    return dims.size();
  }

  public int dim(int i) {
    return dims.get(i);
  }

  /** Number of values in one sample: the product of the dimensions. */
  public int size() {
    long n = 1;
    for (int d : dims) {
      n *= d;
    }
    return Math.toIntExact(n);
  }

  /** A sequence [steps, channels] as the image [1, steps, channels], which is stored the same way. */
  public Shape sequenceAsImage() {
    if (rank() != 2) {
      throw new IllegalArgumentException("a sequence is [steps, channels], got " + this);
    }
    return Shape.of(1, dim(0), dim(1));
  }

  /** As Keras prints it, with the batch dimension: {@code (None, 28, 28, 1)}. */
  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("(None");
    for (int d : dims) {
      s.append(", ").append(d);
    }
    return s.append(')').toString();
  }
}
