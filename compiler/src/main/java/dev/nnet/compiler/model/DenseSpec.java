package dev.nnet.compiler.model;

import java.util.Optional;

/** A fully connected layer: {@code y = activation(x W + b)}, W of shape [in, units]. */
public record DenseSpec(
    String name,
    Shape inputShape,
    Shape outputShape,
    int units,
    Activation activation,
    Initializer kernelInitializer,
    boolean useBias,
    double l2)
    implements LayerSpec {
  @Override
  public String kerasName() {
    return "Dense";
  }

  @Override
  public long forwardFlops() {
    long out = outputShape.size();
    return 2L * inputShape.size() * units + (useBias ? out : 0) + LayerSpec.activationFlops(activation, out);
  }

  @Override
  public Optional<Activation> appliedActivation() {
    return Optional.of(activation);
  }

  @Override
  public <R> R accept(Visitor<R> visitor) {
    return visitor.dense(this);
  }

  @Override
  public long trainableParameters() {
    return (long) inputShape.size() * units + (useBias ? units : 0);
  }
}
