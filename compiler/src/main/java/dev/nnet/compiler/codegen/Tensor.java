package dev.nnet.compiler.codegen;

import dev.nnet.compiler.model.Shape;

/**
 * A batch of activations in generated code: a matrix field of [rows, size] holding each sample's tensor flattened
 * channels last, and, when the backward pass reaches it, a matrix field of the same shape for its gradient.
 *
 * @param value the field holding the values
 * @param gradient the field holding d(loss)/d(value), or null when nothing needs it (the network input, and every
 *     tensor before the first layer with parameters)
 * @param size the constant naming the number of values per sample
 * @param shape one sample's shape
 */
public record Tensor(String value, String gradient, String size, Shape shape) {
  public boolean hasGradient() {
    return gradient != null;
  }

  /** The same buffers seen with another shape: a flatten is free. */
  public Tensor reshaped(Shape newShape) {
    return new Tensor(value, gradient, size, newShape);
  }
}
