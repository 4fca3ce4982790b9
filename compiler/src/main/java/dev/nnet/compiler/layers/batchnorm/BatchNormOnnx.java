package dev.nnet.compiler.layers.batchnorm;

import ai.onnx.proto.OnnxMl.AttributeProto.AttributeType;
import dev.nnet.compiler.export.onnx.OnnxGraph;
import dev.nnet.compiler.export.onnx.OnnxGraph.Tensor;
import dev.nnet.compiler.export.onnx.OnnxLayer;
import dev.nnet.compiler.export.onnx.OnnxOps;
import java.util.List;
import java.util.Map;
import org.tribuo.util.onnx.ONNXNode;
import org.tribuo.util.onnx.ONNXOperator;

/** Batch normalization as ONNX nodes, in its inference form. */
final class BatchNormOnnx {
  private BatchNormOnnx() {}

  /** ONNX's BatchNormalization, inputs X, scale, B, input_mean, input_var; inference mode (one output). */
  private static final ONNXOperator BATCH_NORMALIZATION =
      OnnxOps.operator("BatchNormalization", 5, 0, OnnxOps.attr("epsilon", AttributeType.FLOAT));

  static OnnxLayer of(BatchNormSpec b) {
    return (g, x) -> nodes(g, b, x);
  }

  /**
   * Batch normalization in its inference form, per channel (the sample's last axis, axis 1 in ONNX):
   * y = γ·(x − moving_mean)/√(moving_variance + ε) + β.
   */
  private static Tensor nodes(OnnxGraph g, BatchNormSpec b, Tensor x) {
    String n = b.name();
    Tensor in = g.channelsFirst(x, n);
    List<Integer> channels = List.of(b.channels());
    ONNXNode y = g.op(BATCH_NORMALIZATION, n, List.of(in.ref(),
            g.weights(n, n + ".gamma", channels),
            g.weights(n, n + ".beta", channels),
            g.weights(n, n + ".moving_mean", channels),
            g.weights(n, n + ".moving_variance", channels)),
        Map.of("epsilon", (float) b.epsilon()));
    return new Tensor(y, b.outputShape(), in.layout());
  }
}
