package dev.nnet.compiler.model;

import java.util.Optional;

/**
 * Keras' {@code Bidirectional} with merge_mode "concat": {@code forward} reads the steps first to last,
 * {@code backward} (the same layer with its own weights) last to first, and the output is the two outputs side by
 * side, [2·units] or, with return_sequences, [steps, 2·units], the backward half of each step at the step's own
 * position.
 */
public record BidirectionalSpec(
    String name, Shape inputShape, Shape outputShape, RecurrentSpec forward, RecurrentSpec backward)
    implements LayerSpec {
  @Override
  public long trainableParameters() {
    return forward.trainableParameters() + backward.trainableParameters();
  }

  @Override
  public String kerasName() {
    return "Bidirectional";
  }

  @Override
  public long forwardFlops() {
    return forward.forwardFlops() + backward.forwardFlops();
  }

  @Override
  public Optional<Activation> appliedActivation() {
    return Optional.of(Activation.of(ActivationKind.TANH));
  }

  @Override
  public <R> R accept(Visitor<R> visitor) {
    return visitor.bidirectional(this);
  }
}
