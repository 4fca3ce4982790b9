package dev.nnet.compiler.layers.embedding;

import dev.nnet.compiler.codegen.LayerEmitter;
import dev.nnet.compiler.export.ExportClass;
import dev.nnet.compiler.export.LayerExport;
import dev.nnet.compiler.export.onnx.OnnxLayer;
import dev.nnet.compiler.layers.Layer;
import dev.nnet.compiler.model.Activation;
import dev.nnet.compiler.model.Shape;
import java.util.Optional;

/**
 * Keras' {@code Embedding}: token ids [length] to vectors [length, outputDim], row {@code id} of a table of
 * {@code inputDim} rows. With {@code maskZero}, id 0 is padding: the layers after it that support masking skip
 * those steps.
 */
public record EmbeddingSpec(
    String name, Shape inputShape, Shape outputShape, int inputDim, int outputDim, boolean maskZero)
    implements Layer {
  /** The sequence length. */
  public int steps() {
    return inputShape.dim(0);
  }

  @Override
  public String kerasName() {
    return "Embedding";
  }

  /** A copy: no arithmetic. */
  @Override
  public long forwardFlops() {
    return 0;
  }

  @Override
  public Optional<Activation> appliedActivation() {
    return Optional.of(Activation.LINEAR);
  }

  @Override
  public String fingerprint() {
    return "embedding input_dim=" + inputDim() + " output_dim=" + outputDim() + " mask_zero=" + maskZero();
  }

  @Override
  public LayerEmitter emitter() {
    return new EmbeddingEmitter(this);
  }

  @Override
  public LayerExport export(ExportClass cls) {
    return new EmbeddingExport(this, cls);
  }

  @Override
  public OnnxLayer onnx() {
    return EmbeddingOnnx.of(this);
  }

  @Override
  public long trainableParameters() {
    return (long) inputDim * outputDim;
  }
}
