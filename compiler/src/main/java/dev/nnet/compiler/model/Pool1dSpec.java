package dev.nnet.compiler.model;

import java.util.Optional;

/**
 * Max or average pooling over windows of a sequence's steps, per channel (Keras' MaxPooling1D and
 * AveragePooling1D); runs as the {@link #asPool2d 2-D pooling} of a 1 × steps image.
 */
public record Pool1dSpec(
    String name, Shape inputShape, Shape outputShape, PoolKind kind, int poolSize, int stride, Padding padding)
    implements LayerSpec {
  @Override
  public String kerasName() {
    return kind == PoolKind.MAX ? "MaxPooling1D" : "AveragePooling1D";
  }

  /** One per window element. */
  @Override
  public long forwardFlops() {
    return (long) poolSize * outputShape.size();
  }

  @Override
  public Optional<Activation> appliedActivation() {
    return Optional.of(Activation.LINEAR);
  }

  @Override
  public <R> R accept(Visitor<R> visitor) {
    return visitor.pool1d(this);
  }

  /** The same pooling over the sequence as a 1 × steps image. */
  public Pool2dSpec asPool2d() {
    return new Pool2dSpec(
        name, inputShape.sequenceAsImage(), outputShape.sequenceAsImage(), kind, 1, poolSize, 1, stride, padding);
  }
}
