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
    implements Layer {

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
  public String fingerprint() {
    return "conv2d filters=" + filters() + " kernel=" + kernelHeight() + "x" + kernelWidth()
        + " strides=" + strideHeight() + "x" + strideWidth() + " padding=" + padding() + " activation="
        + LayerSpec.fingerprint(activation()) + " bias=" + useBias() + " l2=" + l2();
  }

  @Override
  public LayerEmitter emitter() {
    return new ConvEmitter(this);
  }

  @Override
  public LayerExport export(ExportClass cls) {
    return new ConvExport(this, cls);
  }

  @Override
  public OnnxLayer onnx() {
    return ConvOnnx.of(this);
  }

  @Override
  public long trainableParameters() {
    return (long) kernelHeight * kernelWidth * inputShape.dim(2) * filters + (useBias ? filters : 0);
  }
}
