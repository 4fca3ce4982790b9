package dev.nnet.compiler.model;

import java.util.Optional;

/** Inverted dropout: in training, zero each value with probability {@code rate} and scale the rest by 1/(1-rate). */
public record DropoutSpec(String name, Shape inputShape, Shape outputShape, double rate) implements LayerSpec {
  @Override
  public String kerasName() {
    return "Dropout";
  }

  /** Free: the identity at inference. */
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
    return visitor.dropout(this);
  }
}
