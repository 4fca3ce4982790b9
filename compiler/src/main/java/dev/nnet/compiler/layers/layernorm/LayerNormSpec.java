package dev.nnet.compiler.layers.layernorm;

import ai.onnx.proto.OnnxMl.AttributeProto.AttributeType;
import dev.nnet.compiler.codegen.LayerEmitter;
import dev.nnet.compiler.export.ExportClass;
import dev.nnet.compiler.export.LayerExport;
import dev.nnet.compiler.export.onnx.OnnxGraph;
import dev.nnet.compiler.export.onnx.OnnxGraph.Tensor;
import dev.nnet.compiler.export.onnx.OnnxOps;
import dev.nnet.compiler.layers.Layer;
import dev.nnet.compiler.model.Activation;
import dev.nnet.compiler.model.Shape;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tribuo.util.onnx.ONNXNode;
import org.tribuo.util.onnx.ONNXOperator;

/**
 * Layer normalization over the last axis (Keras' {@code LayerNormalization}): each vector of {@link #features}
 * values normalized by its own mean and variance, {@code y = γ·(x − μ)/√(σ² + ε) + β}, the same in training and
 * at inference. For a [h, w, c] feature map the vectors are the pixels' c channels.
 */
public record LayerNormSpec(String name, Shape inputShape, Shape outputShape, double epsilon)
    implements Layer {
  /** ONNX's LayerNormalization: inputs X, Scale, optional B; normalizes over the axes from {@code axis} on. */
  private static final ONNXOperator LAYER_NORMALIZATION = OnnxOps.operator("LayerNormalization", 2, 1,
      OnnxOps.attr("axis", AttributeType.INT), OnnxOps.attr("epsilon", AttributeType.FLOAT));

  public int features() {
    return inputShape.dim(inputShape.rank() - 1);
  }

  /** γ and β, one each per feature. */
  @Override
  public long trainableParameters() {
    return 2L * features();
  }

  @Override
  public String kerasName() {
    return "LayerNormalization";
  }

  /** Per value: the mean (1), the variance (2), then normalize, scale and shift (2, the factors folded). */
  @Override
  public long forwardFlops() {
    return 5L * outputShape.size();
  }

  @Override
  public Optional<Activation> appliedActivation() {
    return Optional.of(Activation.LINEAR);
  }

  @Override
  public String fingerprint() {
    return "layer_norm epsilon=" + epsilon();
  }

  @Override
  public LayerEmitter emitter() {
    return new LayerNormEmitter(this);
  }

  @Override
  public LayerExport export(ExportClass cls) {
    return new LayerNormExport(this, cls);
  }

  /**
   * Layer normalization over the sample's last axis: y = γ·(x − mean)/√(variance + ε) + β, mean and (population)
   * variance over the features; ONNX's LayerNormalization on the channels-last tensor.
   */
  @Override
  public Tensor onnx(OnnxGraph g, Tensor x) {
    String n = name();
    Tensor in = g.channelsLast(x, n);
    List<Integer> features = List.of(features());
    ONNXNode y = g.op(LAYER_NORMALIZATION, n, List.of(in.ref(),
            g.weights(n, n + ".gamma", features),
            g.weights(n, n + ".beta", features)),
        Map.of("axis", -1, "epsilon", (float) epsilon()));
    return new Tensor(y, outputShape(), in.layout());
  }
}
