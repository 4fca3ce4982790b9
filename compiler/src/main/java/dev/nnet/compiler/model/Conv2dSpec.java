package dev.nnet.compiler.model;

import java.util.Optional;

/** 2-D convolution over [height, width, channels] with a kernel of shape [kh, kw, in channels, filters]. */
public record Conv2dSpec(
    String name,
    Shape inputShape,
    Shape outputShape,
    int filters,
    int kernelHeight,
    int kernelWidth,
    int strideHeight,
    int strideWidth,
    Padding padding,
    Activation activation,
    Initializer kernelInitializer,
    boolean useBias,
    double l2)
    implements LayerSpec {
  @Override
  public String kerasName() {
    return "Conv2D";
  }

  /** {@code 2·kh·kw·cin} per output value, plus the bias and the activation. */
  @Override
  public long forwardFlops() {
    long out = outputShape.size();
    long perOutput = 2L * kernelHeight * kernelWidth * inputShape.dim(2);
    return perOutput * out + (useBias ? out : 0) + LayerSpec.activationFlops(activation, out);
  }

  @Override
  public Optional<Activation> appliedActivation() {
    return Optional.of(activation);
  }

  @Override
  public <R> R accept(Visitor<R> visitor) {
    return visitor.conv2d(this);
  }

  @Override
  public long trainableParameters() {
    return (long) kernelHeight * kernelWidth * inputShape.dim(2) * filters + (useBias ? filters : 0);
  }
}
