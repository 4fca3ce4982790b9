package dev.nnet.compiler.model;

import java.util.Optional;

/** Reshape to one dimension; free at run time, since batches are stored row-major, channels last. */
public record FlattenSpec(String name, Shape inputShape, Shape outputShape) implements LayerSpec {
  @Override
  public String kerasName() {
    return "Flatten";
  }

  @Override
  public long forwardFlops() {
    return 0;
  }

  @Override
  public Optional<Activation> appliedActivation() {
    return Optional.empty();
  }

  @Override
  public <R> R accept(Visitor<R> visitor) {
    return visitor.flatten(this);
  }
}
