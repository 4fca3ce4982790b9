package dev.nnet.compiler.layers.pool;

import ai.onnx.proto.OnnxMl.AttributeProto.AttributeType;
import dev.nnet.compiler.codegen.LayerEmitter;
import dev.nnet.compiler.export.ExportClass;
import dev.nnet.compiler.export.LayerExport;
import dev.nnet.compiler.export.onnx.OnnxGraph;
import dev.nnet.compiler.export.onnx.OnnxGraph.Layout;
import dev.nnet.compiler.export.onnx.OnnxGraph.Tensor;
import dev.nnet.compiler.export.onnx.OnnxOps;
import dev.nnet.compiler.layers.Layer;
import dev.nnet.compiler.model.Activation;
import dev.nnet.compiler.model.Padding;
import dev.nnet.compiler.model.PoolKind;
import dev.nnet.compiler.model.Shape;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tribuo.util.onnx.ONNXOperator;

/** Max or average pooling over [height, width, channels]. */
public record Pool2dSpec(
    String name,
    Shape inputShape,
    Shape outputShape,
    PoolKind kind,
    int poolHeight,
    int poolWidth,
    int strideHeight,
    int strideWidth,
    Padding padding)
    implements Layer {
  private static final ONNXOperator MAX_POOL = OnnxOps.operator("MaxPool", 1, 0,
      OnnxOps.attr("kernel_shape", AttributeType.INTS, true), OnnxOps.attr("strides", AttributeType.INTS),
      OnnxOps.attr("pads", AttributeType.INTS));
  private static final ONNXOperator AVERAGE_POOL = OnnxOps.operator("AveragePool", 1, 0,
      OnnxOps.attr("kernel_shape", AttributeType.INTS, true), OnnxOps.attr("strides", AttributeType.INTS),
      OnnxOps.attr("pads", AttributeType.INTS), OnnxOps.attr("count_include_pad", AttributeType.INT));

  @Override
  public String kerasName() {
    return kind == PoolKind.MAX ? "MaxPooling2D" : "AveragePooling2D";
  }

  /** One per window element. */
  @Override
  public long forwardFlops() {
    return (long) poolHeight * poolWidth * outputShape.size();
  }

  @Override
  public Optional<Activation> appliedActivation() {
    return Optional.of(Activation.LINEAR);
  }

  @Override
  public String fingerprint() {
    return "pool2d " + kind() + " pool=" + poolHeight() + "x" + poolWidth() + " strides="
        + strideHeight() + "x" + strideWidth() + " padding=" + padding();
  }

  @Override
  public LayerEmitter emitter() {
    return new PoolEmitter(this);
  }

  @Override
  public LayerExport export(ExportClass cls) {
    return new PoolExport(this, cls);
  }

  /** Max or average pooling, channels first; padding is never counted (an average divides by real positions). */
  @Override
  public Tensor onnx(OnnxGraph g, Tensor x) {
    return pool(g, name(), kind(), x, outputShape(), new int[] {poolHeight(), poolWidth()},
        new int[] {strideHeight(), strideWidth()},
        OnnxGraph.pads(inputShape(), outputShape(), poolHeight(), poolWidth(), strideHeight(), strideWidth()));
  }

  /** MaxPool or AveragePool over {@code x} channels first, with explicit pads; averages count real positions only. */
  static Tensor pool(OnnxGraph g, String n, PoolKind kind, Tensor x, Shape output, int[] window,
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
