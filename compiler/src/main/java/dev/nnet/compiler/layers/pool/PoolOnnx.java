package dev.nnet.compiler.layers.pool;

import ai.onnx.proto.OnnxMl.AttributeProto.AttributeType;
import dev.nnet.compiler.export.onnx.OnnxGraph;
import dev.nnet.compiler.export.onnx.OnnxGraph.Layout;
import dev.nnet.compiler.export.onnx.OnnxGraph.Tensor;
import dev.nnet.compiler.export.onnx.OnnxLayer;
import dev.nnet.compiler.export.onnx.OnnxOps;
import dev.nnet.compiler.model.PoolKind;
import dev.nnet.compiler.model.Shape;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.tribuo.util.onnx.ONNXOperator;

/** The window poolings as ONNX nodes: MaxPool or AveragePool, channels first, with explicit pads. */
final class PoolOnnx {
  private PoolOnnx() {}

  private static final ONNXOperator MAX_POOL = OnnxOps.operator("MaxPool", 1, 0,
      OnnxOps.attr("kernel_shape", AttributeType.INTS, true), OnnxOps.attr("strides", AttributeType.INTS),
      OnnxOps.attr("pads", AttributeType.INTS));
  private static final ONNXOperator AVERAGE_POOL = OnnxOps.operator("AveragePool", 1, 0,
      OnnxOps.attr("kernel_shape", AttributeType.INTS, true), OnnxOps.attr("strides", AttributeType.INTS),
      OnnxOps.attr("pads", AttributeType.INTS), OnnxOps.attr("count_include_pad", AttributeType.INT));

  static OnnxLayer of(Pool2dSpec p) {
    return (g, x) -> pool2d(g, p, x);
  }

  static OnnxLayer of(Pool1dSpec p) {
    return (g, x) -> pool1d(g, p, x);
  }

  /** Max or average pooling, channels first; padding is never counted (an average divides by real positions). */
  private static Tensor pool2d(OnnxGraph g, Pool2dSpec p, Tensor x) {
    return pool(g, p.name(), p.kind(), x, p.outputShape(), new int[] {p.poolHeight(), p.poolWidth()},
        new int[] {p.strideHeight(), p.strideWidth()},
        OnnxGraph.pads(p.inputShape(), p.outputShape(), p.poolHeight(), p.poolWidth(), p.strideHeight(),
            p.strideWidth()));
  }

  /** Max or average pooling over a sequence's steps, channels first; padding is never counted, as in 2-D. */
  private static Tensor pool1d(OnnxGraph g, Pool1dSpec p, Tensor x) {
    return pool(g, p.name(), p.kind(), x, p.outputShape(), new int[] {p.poolSize()}, new int[] {p.stride()},
        OnnxGraph.pads1d(p.inputShape(), p.padding(), p.poolSize(), p.stride()));
  }

private static Tensor pool(OnnxGraph g, String n, PoolKind kind, Tensor x, Shape output, int[] window,
      int[] strides, int[] pads) {
    Tensor in = g.channelsFirst(x, n);
    Map<String, Object> attributes = new HashMap<>(Map.of("kernel_shape", window, "strides", strides, "pads", pads));
    ONNXOperator op = switch (kind) {
      case MAX -> MAX_POOL;
      case AVERAGE -> AVERAGE_POOL;
    };
    if (kind == PoolKind.AVERAGE) {
      attributes.put("count_include_pad", 0);
    }
    return new Tensor(g.op(op, n, List.of(in.ref()), attributes), output, Layout.CHANNELS_FIRST);
  }
}
