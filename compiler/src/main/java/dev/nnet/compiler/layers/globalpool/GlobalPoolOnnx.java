package dev.nnet.compiler.layers.globalpool;

import dev.nnet.compiler.export.onnx.OnnxGraph;
import dev.nnet.compiler.export.onnx.OnnxGraph.Layout;
import dev.nnet.compiler.export.onnx.OnnxGraph.Tensor;
import dev.nnet.compiler.export.onnx.OnnxLayer;
import dev.nnet.compiler.export.onnx.OnnxOps;
import dev.nnet.compiler.model.PoolKind;
import java.util.List;
import org.tribuo.util.onnx.ONNXNode;
import org.tribuo.util.onnx.ONNXOperator;
import org.tribuo.util.onnx.ONNXOperators;

/** Global pooling as ONNX nodes, over an embedding's mask when the input carries one. */
final class GlobalPoolOnnx {
  private GlobalPoolOnnx() {}

  private static final ONNXOperator GLOBAL_AVERAGE_POOL = OnnxOps.operator("GlobalAveragePool", 1, 0);
  private static final ONNXOperator GLOBAL_MAX_POOL = OnnxOps.operator("GlobalMaxPool", 1, 0);

  static OnnxLayer of(GlobalPoolSpec p) {
    return (g, x) -> nodes(g, p, x);
  }

  /**
   * The max or the mean over every position, per channel: [N, c, positions...] to [N, c, 1...], then [N, c]. Over
   * a masked sequence the padded steps are first set to −∞ (max) or 0 (mean), wherever they sit; the mean is then
   * scaled by steps / real steps, and a row of padding only pools to 0, as in the runtime.
   */
  private static Tensor nodes(OnnxGraph g, GlobalPoolSpec p, Tensor x) {
    String n = p.name();
    boolean max = p.kind() == PoolKind.MAX;
    Tensor in = g.channelsFirst(x, n);
    OnnxGraph.Mask mask = p.masked() ? g.mask : null;
    if (mask != null) {
      Tensor last = g.channelsLast(x, n);
      ONNXNode filled = g.op(ONNXOperators.WHERE, n + ".filled", List.of(mask.real(), last.ref(),
          g.scalar(n + ".fill", max ? Float.NEGATIVE_INFINITY : 0f)));
      in = g.channelsFirst(new Tensor(filled, last.shape(), Layout.CHANNELS_LAST), n);
    }
    ONNXOperator op = p.kind() == PoolKind.MAX ? GLOBAL_MAX_POOL : GLOBAL_AVERAGE_POOL;
    ONNXNode pooled = g.op(op, n + ".pooled", List.of(in.ref()));
    int channels = p.outputShape().size();
    if (mask == null) {
      ONNXNode flat = g.op(OnnxOps.RESHAPE, n, List.of(pooled, g.shape(n, -1, channels)));
      return new Tensor(flat, p.outputShape(), Layout.FLAT);
    }
    ONNXNode flat = g.op(OnnxOps.RESHAPE, n + ".flat", List.of(pooled, g.shape(n, -1, channels)));
    ONNXNode any = g.op(ONNXOperators.GREATER, n + ".any", List.of(mask.counts(), g.scalar(n + ".none", 0f)));
    ONNXNode y;
    if (max) {
      y = g.op(ONNXOperators.WHERE, n, List.of(any, flat, g.scalar(n + ".empty", 0f)));
    } else {
      // the mean over all steps, padding counted as 0, times steps / real steps (1 for a row of padding only)
      ONNXNode real = g.op(ONNXOperators.WHERE, n + ".real_count", List.of(any, mask.counts(),
          g.scalar(n + ".one", 1f)));
      ONNXNode sum = g.op(ONNXOperators.MUL, n + ".sum", List.of(flat,
          g.scalar(n + ".positions", p.positions())));
      y = g.op(ONNXOperators.DIV, n, List.of(sum, real));
    }
    return new Tensor(y, p.outputShape(), Layout.FLAT);
  }
}
