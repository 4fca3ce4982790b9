package dev.nnet.compiler.layers.layernorm;

import dev.nnet.compiler.codegen.LayerEmitter;
import dev.nnet.compiler.export.ExportClass;
import dev.nnet.compiler.export.LayerExport;
import dev.nnet.compiler.export.onnx.OnnxLayer;
import dev.nnet.compiler.layers.Layer;
import dev.nnet.compiler.model.Activation;
import dev.nnet.compiler.model.Shape;
import java.util.Optional;

/**
 * Layer normalization over the last axis (Keras' {@code LayerNormalization}): each vector of {@link #features}
 * values normalized by its own mean and variance, {@code y = γ·(x − μ)/√(σ² + ε) + β}, the same in training and
 * at inference. For a [h, w, c] feature map the vectors are the pixels' c channels.
 */
public record LayerNormSpec(String name, Shape inputShape, Shape outputShape, double epsilon)
    implements Layer {

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

  @Override
  public OnnxLayer onnx() {
    return LayerNormOnnx.of(this);
  }
}
