package dev.nnet.compiler.layers.layernorm;

import ai.onnx.proto.OnnxMl.AttributeProto.AttributeType;
import dev.nnet.compiler.export.onnx.OnnxGraph;
import dev.nnet.compiler.export.onnx.OnnxGraph.Tensor;
import dev.nnet.compiler.export.onnx.OnnxLayer;
import dev.nnet.compiler.export.onnx.OnnxOps;
import java.util.List;
import java.util.Map;
import org.tribuo.util.onnx.ONNXNode;
import org.tribuo.util.onnx.ONNXOperator;

/** Layer normalization as ONNX nodes: ONNX's LayerNormalization over the last axis. */
final class LayerNormOnnx {
  private LayerNormOnnx() {}

  /** ONNX's LayerNormalization: inputs X, Scale, optional B; normalizes over the axes from {@code axis} on. */
  private static final ONNXOperator LAYER_NORMALIZATION = OnnxOps.operator("LayerNormalization", 2, 1,
      OnnxOps.attr("axis", AttributeType.INT), OnnxOps.attr("epsilon", AttributeType.FLOAT));

  static OnnxLayer of(LayerNormSpec l) {
    return (g, x) -> nodes(g, l, x);
  }

  /**
   * Layer normalization over the sample's last axis: y = γ·(x − mean)/√(variance + ε) + β, mean and (population)
   * variance over the features; ONNX's LayerNormalization on the channels-last tensor.
   */
  private static Tensor nodes(OnnxGraph g, LayerNormSpec l, Tensor x) {
    String n = l.name();
    Tensor in = g.channelsLast(x, n);
    List<Integer> features = List.of(l.features());
    ONNXNode y = g.op(LAYER_NORMALIZATION, n, List.of(in.ref(),
            g.weights(n, n + ".gamma", features),
            g.weights(n, n + ".beta", features)),
        Map.of("axis", -1, "epsilon", (float) l.epsilon()));
    return new Tensor(y, l.outputShape(), in.layout());
  }
}
