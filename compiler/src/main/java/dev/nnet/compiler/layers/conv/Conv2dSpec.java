package dev.nnet.compiler.layers.conv;

import ai.onnx.proto.OnnxMl.AttributeProto.AttributeType;
import dev.nnet.compiler.codegen.LayerEmitter;
import dev.nnet.compiler.export.ExportClass;
import dev.nnet.compiler.export.LayerExport;
import dev.nnet.compiler.export.onnx.OnnxActivations;
import dev.nnet.compiler.export.onnx.OnnxGraph;
import dev.nnet.compiler.export.onnx.OnnxGraph.Layout;
import dev.nnet.compiler.export.onnx.OnnxGraph.Tensor;
import dev.nnet.compiler.export.onnx.OnnxOps;
import dev.nnet.compiler.layers.Layer;
import dev.nnet.compiler.model.Activation;
import dev.nnet.compiler.model.Initializer;
import dev.nnet.compiler.model.LayerSpec;
import dev.nnet.compiler.model.Padding;
import dev.nnet.compiler.model.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tribuo.util.onnx.ONNXNode;
import org.tribuo.util.onnx.ONNXOperator;
import org.tribuo.util.onnx.ONNXRef;

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
  /** ONNX's Conv: X [N, C, H, W] (or [N, C, T]), W [filters, C, kh, kw] (or [filters, C, k]), optional B. */
  static final ONNXOperator CONV = OnnxOps.operator("Conv", 2, 1, OnnxOps.attr("kernel_shape", AttributeType.INTS),
      OnnxOps.attr("strides", AttributeType.INTS), OnnxOps.attr("pads", AttributeType.INTS));

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

  /**
   * 2-D convolution, channels first. The checkpoint's kernel [kh, kw, in, filters] becomes ONNX's
   * [filters, in, kh, kw]; padding is explicit (Keras' same: the odd row and column at the bottom and right).
   */
  @Override
  public Tensor onnx(OnnxGraph g, Tensor x) {
    String n = name();
    Tensor in = g.channelsFirst(x, n);
    int kh = kernelHeight();
    int kw = kernelWidth();
    int channels = inputShape().dim(2);
    int filters = filters();
    // ONNX position (f, ch, ky, kx) reads checkpoint position ((ky·kw + kx)·channels + ch)·filters + f.
    int perFilter = channels * kh * kw;
    List<ONNXRef<?>> inputs = new ArrayList<>(List.of(in.ref(),
        g.weights(n, n + ".kernel", List.of(filters, channels, kh, kw), i -> {
          int f = i / perFilter;
          int ch = i / (kh * kw) % channels;
          int ky = i / kw % kh;
          int kx = i % kw;
          return ((ky * kw + kx) * channels + ch) * filters + f;
        })));
    if (useBias()) {
      inputs.add(g.weights(n, n + ".bias", List.of(filters)));
    }
    ONNXNode z = g.op(CONV, n, inputs, Map.of(
        "kernel_shape", new int[] {kh, kw},
        "strides", new int[] {strideHeight(), strideWidth()},
        "pads", OnnxGraph.pads(inputShape(), outputShape(), kh, kw, strideHeight(), strideWidth())));
    return OnnxActivations.activation(g, n, activation(), new Tensor(z, outputShape(), Layout.CHANNELS_FIRST));
  }

  @Override
  public long trainableParameters() {
    return (long) kernelHeight * kernelWidth * inputShape.dim(2) * filters + (useBias ? filters : 0);
  }
}
