package dev.nnet.compiler.layers.conv;

import ai.onnx.proto.OnnxMl.AttributeProto.AttributeType;
import dev.nnet.compiler.export.onnx.OnnxActivations;
import dev.nnet.compiler.export.onnx.OnnxGraph;
import dev.nnet.compiler.export.onnx.OnnxGraph.Layout;
import dev.nnet.compiler.export.onnx.OnnxGraph.Tensor;
import dev.nnet.compiler.export.onnx.OnnxLayer;
import dev.nnet.compiler.export.onnx.OnnxOps;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tribuo.util.onnx.ONNXNode;
import org.tribuo.util.onnx.ONNXOperator;
import org.tribuo.util.onnx.ONNXRef;

/** The convolutions as ONNX nodes: Conv, channels first, with explicit pads. */
final class ConvOnnx {
  private ConvOnnx() {}

  /** ONNX's Conv: X [N, C, H, W] (or [N, C, T]), W [filters, C, kh, kw] (or [filters, C, k]), optional B. */
  private static final ONNXOperator CONV = OnnxOps.operator("Conv", 2, 1,
      OnnxOps.attr("kernel_shape", AttributeType.INTS), OnnxOps.attr("strides", AttributeType.INTS),
      OnnxOps.attr("pads", AttributeType.INTS));

  static OnnxLayer of(Conv2dSpec c) {
    return (g, x) -> conv2d(g, c, x);
  }

  static OnnxLayer of(Conv1dSpec c) {
    return (g, x) -> conv1d(g, c, x);
  }

  /**
   * 2-D convolution, channels first. The checkpoint's kernel [kh, kw, in, filters] becomes ONNX's
   * [filters, in, kh, kw]; padding is explicit (Keras' same: the odd row and column at the bottom and right).
   */
  private static Tensor conv2d(OnnxGraph g, Conv2dSpec c, Tensor x) {
    String n = c.name();
    Tensor in = g.channelsFirst(x, n);
    int kh = c.kernelHeight();
    int kw = c.kernelWidth();
    int channels = c.inputShape().dim(2);
    int filters = c.filters();
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
    if (c.useBias()) {
      inputs.add(g.weights(n, n + ".bias", List.of(filters)));
    }
    ONNXNode z = g.op(CONV, n, inputs, Map.of(
        "kernel_shape", new int[] {kh, kw},
        "strides", new int[] {c.strideHeight(), c.strideWidth()},
        "pads", OnnxGraph.pads(c.inputShape(), c.outputShape(), kh, kw, c.strideHeight(), c.strideWidth())));
    return OnnxActivations.activation(g, n, c.activation(), new Tensor(z, c.outputShape(), Layout.CHANNELS_FIRST));
  }

static Tensor conv1d(OnnxGraph g, Conv1dSpec c, Tensor x) {
    String n = c.name();
    Tensor in = g.channelsFirst(x, n);
    int k = c.kernelSize();
    int channels = c.inputShape().dim(1);
    int filters = c.filters();
    List<ONNXRef<?>> inputs = new ArrayList<>(List.of(in.ref(),
        // ONNX position (f, ch, t) reads checkpoint position (t·channels + ch)·filters + f.
        g.weights(n, n + ".kernel", List.of(filters, channels, k),
            i -> (i % k * channels + i / k % channels) * filters + i / (channels * k))));
    if (c.useBias()) {
      inputs.add(g.weights(n, n + ".bias", List.of(filters)));
    }
    ONNXNode z = g.op(CONV, n, inputs, Map.of(
        "kernel_shape", new int[] {k},
        "strides", new int[] {c.stride()},
        "pads", OnnxGraph.pads1d(c.inputShape(), c.padding(), k, c.stride())));
    return OnnxActivations.activation(g, n, c.activation(), new Tensor(z, c.outputShape(), Layout.CHANNELS_FIRST));
  }
}
