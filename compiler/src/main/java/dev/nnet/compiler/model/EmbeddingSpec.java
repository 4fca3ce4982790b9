package dev.nnet.compiler.model;

import java.util.Optional;

/**
 * Keras' {@code Embedding}: token ids [length] to vectors [length, outputDim], row {@code id} of a table of
 * {@code inputDim} rows. With {@code maskZero}, id 0 is padding: the layers after it that support masking skip
 * those steps.
 */
public record EmbeddingSpec(
    String name, Shape inputShape, Shape outputShape, int inputDim, int outputDim, boolean maskZero)
    implements LayerSpec {
  /** The sequence length. */
  public int steps() {
    return inputShape.dim(0);
  }

  @Override
  public String kerasName() {
    return "Embedding";
  }

  /** A copy: no arithmetic. */
  @Override
  public long forwardFlops() {
    return 0;
  }

  @Override
  public Optional<Activation> appliedActivation() {
    return Optional.of(Activation.LINEAR);
  }

  @Override
  public <R> R accept(Visitor<R> visitor) {
    return visitor.embedding(this);
  }

  @Override
  public long trainableParameters() {
    return (long) inputDim * outputDim;
  }
}
