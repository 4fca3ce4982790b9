package dev.nnet.compiler.layers.batchnorm;

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
 * Batch normalization over the last axis: batch statistics in training, moving averages at inference
 * ({@code moving = momentum * moving + (1 - momentum) * batch}, Keras' convention).
 */
public record BatchNormSpec(String name, Shape inputShape, Shape outputShape, double momentum, double epsilon)
    implements Layer {
  /** ONNX's BatchNormalization, inputs X, scale, B, input_mean, input_var; inference mode (one output). */
  private static final ONNXOperator BATCH_NORMALIZATION =
      OnnxOps.operator("BatchNormalization", 5, 0, OnnxOps.attr("epsilon", AttributeType.FLOAT));

  @Override
  public String kerasName() {
    return "BatchNormalization";
  }

  /** Scale and shift: at inference the moving statistics fold into them. */
  @Override
  public long forwardFlops() {
    return 2L * outputShape.size();
  }

  @Override
  public Optional<Activation> appliedActivation() {
    return Optional.of(Activation.LINEAR);
  }

  @Override
  public String fingerprint() {
    return "batch_norm momentum=" + momentum() + " epsilon=" + epsilon();
  }

  @Override
  public LayerEmitter emitter() {
    return new BatchNormEmitter(this);
  }

  @Override
  public LayerExport export(ExportClass cls) {
    return new BatchNormExport(this, cls);
  }

  /**
   * Batch normalization in its inference form, per channel (the sample's last axis, axis 1 in ONNX):
   * y = γ·(x − moving_mean)/√(moving_variance + ε) + β.
   */
  @Override
  public Tensor onnx(OnnxGraph g, Tensor x) {
    String n = name();
    Tensor in = g.channelsFirst(x, n);
    List<Integer> channels = List.of(channels());
    ONNXNode y = g.op(BATCH_NORMALIZATION, n, List.of(in.ref(),
            g.weights(n, n + ".gamma", channels),
            g.weights(n, n + ".beta", channels),
            g.weights(n, n + ".moving_mean", channels),
            g.weights(n, n + ".moving_variance", channels)),
        Map.of("epsilon", (float) epsilon()));
    return new Tensor(y, outputShape(), in.layout());
  }

  @Override
  public long trainableParameters() {
    return 2L * channels();
  }

  @Override
  public long nonTrainableParameters() {
    return 2L * channels();
  }

  public int channels() {
    return inputShape.dim(inputShape.rank() - 1);
  }
}
