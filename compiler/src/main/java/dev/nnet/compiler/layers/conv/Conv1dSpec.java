package dev.nnet.compiler.layers.conv;

import dev.nnet.compiler.codegen.LayerEmitter;
import dev.nnet.compiler.export.ExportClass;
import dev.nnet.compiler.export.LayerExport;
import dev.nnet.compiler.export.onnx.OnnxLayer;
import dev.nnet.compiler.layers.Layer;
import dev.nnet.compiler.model.Activation;
import dev.nnet.compiler.model.Initializer;
import dev.nnet.compiler.model.LayerSpec;
import dev.nnet.compiler.model.Padding;
import dev.nnet.compiler.model.Shape;
import java.util.Optional;

/**
 * 1-D convolution over a sequence [steps, channels] with a kernel of shape [kernel_size, in channels, filters]
 * (Keras' Conv1D), giving [steps', filters]. A sequence is stored as a 1 × steps image, so it runs as the
 * {@link #asConv2d 2-D convolution} with a 1 × kernel_size kernel; causal padding puts kernel_size − 1 zeros
 * before the first step.
 */
public record Conv1dSpec(
    String name,
    Shape inputShape,
    Shape outputShape,
    int filters,
    int kernelSize,
    int stride,
    Padding padding,
    Activation activation,
    Initializer kernelInitializer,
    boolean useBias,
    double l2)
    implements Layer {
  @Override
  public String kerasName() {
    return "Conv1D";
  }

  /** {@code 2·k·cin} per output value, plus the bias and the activation. */
  @Override
  public long forwardFlops() {
    return asConv2d().forwardFlops();
  }

  @Override
  public Optional<Activation> appliedActivation() {
    return Optional.of(activation);
  }

  @Override
  public String fingerprint() {
    return "conv1d filters=" + filters() + " kernel=" + kernelSize() + " strides=" + stride()
        + " padding=" + padding() + " activation=" + LayerSpec.fingerprint(activation()) + " bias="
        + useBias() + " l2=" + l2();
  }

  @Override
  public LayerEmitter emitter() {
    return new ConvEmitter(asConv2d()); // a sequence is stored as a 1 × steps image
  }

  @Override
  public LayerExport export(ExportClass cls) {
    return new ConvExport(asConv2d(), cls);
  }

  @Override
  public OnnxLayer onnx() {
    return ConvOnnx.of(this);
  }

  @Override
  public long trainableParameters() {
    return asConv2d().trainableParameters();
  }

  /** The same convolution over the sequence as a 1 × steps image: the same values, stored the same way. */
  public Conv2dSpec asConv2d() {
    return new Conv2dSpec(name, inputShape.sequenceAsImage(), outputShape.sequenceAsImage(), filters, 1, kernelSize,
        1, stride, padding, activation, kernelInitializer, useBias, l2);
  }
}
