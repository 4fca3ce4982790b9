package dev.nnet.compiler.model;

import java.util.Optional;

/** A standalone activation layer. */
public record ActivationLayerSpec(String name, Shape inputShape, Shape outputShape, Activation activation)
    implements LayerSpec {
  @Override
  public String kerasName() {
    return "Activation";
  }

  @Override
  public long forwardFlops() {
    return LayerSpec.activationFlops(activation, outputShape.size());
  }

  @Override
  public Optional<Activation> appliedActivation() {
    return Optional.of(activation);
  }

  @Override
  public <R> R accept(Visitor<R> visitor) {
    return visitor.activation(this);
  }
}
