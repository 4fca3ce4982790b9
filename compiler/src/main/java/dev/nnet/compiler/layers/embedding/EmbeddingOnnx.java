package dev.nnet.compiler.layers.embedding;

import dev.nnet.compiler.export.onnx.OnnxGraph;
import dev.nnet.compiler.export.onnx.OnnxGraph.Layout;
import dev.nnet.compiler.export.onnx.OnnxGraph.Tensor;
import dev.nnet.compiler.export.onnx.OnnxLayer;
import dev.nnet.compiler.export.onnx.OnnxOps;
import java.util.List;
import java.util.Map;
import org.tribuo.util.onnx.ONNXNode;
import org.tribuo.util.onnx.ONNXOperators;

/** An embedding as ONNX nodes: Gather on the table, and mask_zero's mask for the layers after it. */
final class EmbeddingOnnx {
  private EmbeddingOnnx() {}

  /** ONNX's TensorProto.DataType of int64, the type Gather's indices take. */
  private static final int INT64 = 7;
  /** ONNX's TensorProto.DataType of float32. */
  private static final int FLOAT = 1;
  /** ONNX's TensorProto.DataType of int32, the type of the recurrent operators' sequence_lens. */
  private static final int INT32 = 6;

  static OnnxLayer of(EmbeddingSpec e) {
    return (g, x) -> nodes(g, e, x);
  }

  /**
   * Embedding: the float input's token ids cast to int64 pick rows of the table (Gather on axis 0), giving
   * [N, steps, output_dim], channels last.
   */
  private static Tensor nodes(OnnxGraph g, EmbeddingSpec e, Tensor x) {
    String n = e.name();
    Tensor in = g.flat(x, n);
    ONNXNode ids = g.op(ONNXOperators.CAST, n + ".ids", List.of(in.ref()),
        Map.of("to", INT64));
    ONNXNode y = g.op(ONNXOperators.GATHER, n, List.of(
        g.weights(n, n + ".embeddings", List.of(e.inputDim(), e.outputDim())), ids), Map.of("axis", 0));
    if (e.maskZero()) {
      g.mask = mask(g, n, e.steps(), in);
    }
    return new Tensor(y, e.outputShape(), Layout.CHANNELS_LAST);
  }

  /**
   * mask_zero's mask of the ids [N, steps]: a step is real where its id is above 0 (ids are whole numbers in
   * [0, input_dim), so that is id ≠ 0), and a row's length is its count of real steps (a product with a column of
   * ones, then int32).
   */
  private static OnnxGraph.Mask mask(OnnxGraph g, String n, int steps, Tensor ids) {
    ONNXNode real = g.op(ONNXOperators.GREATER, n + ".real", List.of(ids.ref(), g.scalar(n + ".padding", 0f)));
    ONNXNode ones = g.op(ONNXOperators.CAST, n + ".real_ones", List.of(real), Map.of("to", FLOAT));
    ONNXNode counted = g.op(ONNXOperators.GEMM, n + ".counted",
        List.of(ones, g.derived(n + ".ones", List.of(steps, 1), i -> 1)));
    ONNXNode flat = g.op(OnnxOps.RESHAPE, n + ".counted_flat", List.of(counted, g.shape(n + ".counted_flat", -1)));
    ONNXNode lengths = g.op(ONNXOperators.CAST, n + ".lengths", List.of(flat), Map.of("to", INT32));
    ONNXNode realSteps = g.op(OnnxOps.RESHAPE, n + ".real_steps",
        List.of(real, g.shape(n + ".real_steps", -1, steps, 1)));
    return new OnnxGraph.Mask(realSteps, counted, lengths);
  }
}
