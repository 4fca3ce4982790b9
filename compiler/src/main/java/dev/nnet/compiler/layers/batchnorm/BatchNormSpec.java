package dev.nnet.compiler.layers.batchnorm;

import dev.nnet.compiler.codegen.LayerEmitter;
import dev.nnet.compiler.export.ExportClass;
import dev.nnet.compiler.export.LayerExport;
import dev.nnet.compiler.export.onnx.OnnxLayer;
import dev.nnet.compiler.layers.Layer;
import dev.nnet.compiler.model.Activation;
import dev.nnet.compiler.model.Shape;
import java.util.Optional;

/**
 * Batch normalization over the last axis: batch statistics in training, moving averages at inference
 * ({@code moving = momentum * moving + (1 - momentum) * batch}, Keras' convention).
 */
public record BatchNormSpec(String name, Shape inputShape, Shape outputShape, double momentum, double epsilon)
    implements Layer {

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

  @Override
  public OnnxLayer onnx() {
    return BatchNormOnnx.of(this);
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
