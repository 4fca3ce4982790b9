package dev.nnet.compiler.model;

import java.util.Optional;

/** Max or average pooling over [height, width, channels]. */
public record Pool2dSpec(
    String name,
    Shape inputShape,
    Shape outputShape,
    PoolKind kind,
    int poolHeight,
    int poolWidth,
    int strideHeight,
    int strideWidth,
    Padding padding)
    implements LayerSpec {
  @Override
  public String kerasName() {
    return kind == PoolKind.MAX ? "MaxPooling2D" : "AveragePooling2D";
  }

  /** One per window element. */
  @Override
  public long forwardFlops() {
    return (long) poolHeight * poolWidth * outputShape.size();
  }

  @Override
  public Optional<Activation> appliedActivation() {
    return Optional.of(Activation.LINEAR);
  }

  @Override
  public <R> R accept(Visitor<R> visitor) {
    return visitor.pool2d(this);
  }
}
