package dev.nnet.compiler.model;

import java.util.Optional;

/**
 * Batch normalization over the last axis: batch statistics in training, moving averages at inference
 * ({@code moving = momentum * moving + (1 - momentum) * batch}, Keras' convention).
 */
public record BatchNormSpec(String name, Shape inputShape, Shape outputShape, double momentum, double epsilon)
    implements LayerSpec {
  @Override
  public String kerasName() {
    return "BatchNormalization";
  }

  /** Scale and shift: at inference the moving statistics fold into them. */
  @Override
  public long forwardFlops() {
    return 2L * outputShape.size();
  }

  @Override
  public Optional<Activation> appliedActivation() {
    return Optional.of(Activation.LINEAR);
  }

  @Override
  public <R> R accept(Visitor<R> visitor) {
    return visitor.batchNorm(this);
  }

  @Override
  public long trainableParameters() {
    return 2L * channels();
  }

  @Override
  public long nonTrainableParameters() {
    return 2L * channels();
  }

  public int channels() {
    return inputShape.dim(inputShape.rank() - 1);
  }
}
