package dev.nnet.compiler.layers.globalpool;

import dev.nnet.compiler.codegen.LayerEmitter;
import dev.nnet.compiler.export.ExportClass;
import dev.nnet.compiler.export.LayerExport;
import dev.nnet.compiler.export.onnx.OnnxGraph;
import dev.nnet.compiler.export.onnx.OnnxGraph.Layout;
import dev.nnet.compiler.export.onnx.OnnxGraph.Tensor;
import dev.nnet.compiler.export.onnx.OnnxOps;
import dev.nnet.compiler.layers.Layer;
import dev.nnet.compiler.model.Activation;
import dev.nnet.compiler.model.PoolKind;
import dev.nnet.compiler.model.Shape;
import java.util.List;
import java.util.Optional;
import org.tribuo.util.onnx.ONNXNode;
import org.tribuo.util.onnx.ONNXOperator;
import org.tribuo.util.onnx.ONNXOperators;

/**
 * The max or the mean of each channel over every position of a sequence [steps, c] or an image [h, w, c], giving
 * [c]. With {@code masked} (a sequence after an embedding's {@code mask_zero}), padded steps are left out of both,
 * as in Keras; a sample whose steps are all padding pools to 0.
 */
public record GlobalPoolSpec(String name, Shape inputShape, Shape outputShape, PoolKind kind, boolean masked)
    implements Layer {
  private static final ONNXOperator GLOBAL_AVERAGE_POOL = OnnxOps.operator("GlobalAveragePool", 1, 0);
  private static final ONNXOperator GLOBAL_MAX_POOL = OnnxOps.operator("GlobalMaxPool", 1, 0);

  /** The positions pooled over: steps, or height × width. */
  public int positions() {
    return inputShape.size() / channels();
  }

  public int channels() {
    return inputShape.dim(inputShape.rank() - 1);
  }

  @Override
  public String kerasName() {
    return "Global" + (kind == PoolKind.MAX ? "Max" : "Average") + "Pooling" + (inputShape.rank() - 1) + "D";
  }

  /** One per input value. */
  @Override
  public long forwardFlops() {
    return inputShape.size();
  }

  @Override
  public Optional<Activation> appliedActivation() {
    return Optional.of(Activation.LINEAR);
  }

  @Override
  public String fingerprint() {
    // The 2-D average keeps the fingerprint it had before global pooling had kinds.
    return kind() == PoolKind.AVERAGE && inputShape().rank() == 3 && !masked()
        ? "global_average_pool2d"
        : "global_pool " + kind() + " masked=" + masked();
  }

  @Override
  public LayerEmitter emitter() {
    return new GlobalPoolEmitter(this);
  }

  @Override
  public LayerExport export(ExportClass cls) {
    return new GlobalPoolExport(this, cls);
  }

  /**
   * The max or the mean over every position, per channel: [N, c, positions...] to [N, c, 1...], then [N, c]. Over
   * a masked sequence the padded steps are first set to −∞ (max) or 0 (mean), wherever they sit; the mean is then
   * scaled by steps / real steps, and a row of padding only pools to 0, as in the runtime.
   */
  @Override
  public Tensor onnx(OnnxGraph g, Tensor x) {
    String n = name();
    boolean max = kind() == PoolKind.MAX;
    Tensor in = g.channelsFirst(x, n);
    OnnxGraph.Mask mask = masked() ? g.mask : null;
    if (mask != null) {
      Tensor last = g.channelsLast(x, n);
      ONNXNode filled = g.op(ONNXOperators.WHERE, n + ".filled", List.of(mask.real(), last.ref(),
          g.scalar(n + ".fill", max ? Float.NEGATIVE_INFINITY : 0f)));
      in = g.channelsFirst(new Tensor(filled, last.shape(), Layout.CHANNELS_LAST), n);
    }
    ONNXOperator op = kind() == PoolKind.MAX ? GLOBAL_MAX_POOL : GLOBAL_AVERAGE_POOL;
    ONNXNode pooled = g.op(op, n + ".pooled", List.of(in.ref()));
    int channels = outputShape().size();
    if (mask == null) {
      ONNXNode flat = g.op(OnnxOps.RESHAPE, n, List.of(pooled, g.shape(n, -1, channels)));
      return new Tensor(flat, outputShape(), Layout.FLAT);
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
          g.scalar(n + ".positions", positions())));
      y = g.op(ONNXOperators.DIV, n, List.of(sum, real));
    }
    return new Tensor(y, outputShape(), Layout.FLAT);
  }
}
