package dev.nnet.compiler.layers.dropout;

import dev.nnet.compiler.codegen.LayerEmitter;
import dev.nnet.compiler.export.ExportClass;
import dev.nnet.compiler.export.LayerExport;
import dev.nnet.compiler.export.onnx.OnnxLayer;
import dev.nnet.compiler.layers.Layer;
import dev.nnet.compiler.model.Activation;
import dev.nnet.compiler.model.Shape;
import java.util.Optional;

/** Inverted dropout: in training, zero each value with probability {@code rate} and scale the rest by 1/(1-rate). */
public record DropoutSpec(String name, Shape inputShape, Shape outputShape, double rate) implements Layer {
  @Override
  public String kerasName() {
    return "Dropout";
  }

  /** Free: the identity at inference. */
  @Override
  public long forwardFlops() {
    return 0;
  }

  @Override
  public Optional<Activation> appliedActivation() {
    return Optional.empty();
  }

  @Override
  public String fingerprint() {
    return "dropout rate=" + rate();
  }

  @Override
  public LayerEmitter emitter() {
    return new DropoutEmitter(this);
  }

  @Override
  public LayerExport export(ExportClass cls) {
    return new LayerExport.Identity(this, "dropout is the identity at inference");
  }

  @Override
  public OnnxLayer onnx() {
    return OnnxLayer.IDENTITY; // dropout is the identity at inference
  }
}
