package dev.nnet.compiler.model;

import java.util.Optional;

/**
 * The max or the mean of each channel over every position of a sequence [steps, c] or an image [h, w, c], giving
 * [c]. With {@code masked} (a sequence after an embedding's {@code mask_zero}), padded steps are left out of both,
 * as in Keras; a sample whose steps are all padding pools to 0.
 */
public record GlobalPoolSpec(String name, Shape inputShape, Shape outputShape, PoolKind kind, boolean masked)
    implements LayerSpec {
  /** The positions pooled over: steps, or height × width. */
  public int positions() {
    return inputShape.size() / channels();
  }

  public int channels() {
    return inputShape.dim(inputShape.rank() - 1);
  }

  @Override
  public String kerasName() {
    return "Global" + (kind == PoolKind.MAX ? "Max" : "Average") + "Pooling" + (inputShape.rank() - 1) + "D";
  }

  /** One per input value. */
  @Override
  public long forwardFlops() {
    return inputShape.size();
  }

  @Override
  public Optional<Activation> appliedActivation() {
    return Optional.of(Activation.LINEAR);
  }

  @Override
  public <R> R accept(Visitor<R> visitor) {
    return visitor.globalPool(this);
  }
}
