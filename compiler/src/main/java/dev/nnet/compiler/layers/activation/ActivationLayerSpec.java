package dev.nnet.compiler.layers.activation;

import dev.nnet.compiler.codegen.LayerEmitter;
import dev.nnet.compiler.export.ExportClass;
import dev.nnet.compiler.export.LayerExport;
import dev.nnet.compiler.export.onnx.OnnxLayer;
import dev.nnet.compiler.layers.Layer;
import dev.nnet.compiler.model.Activation;
import dev.nnet.compiler.model.LayerSpec;
import dev.nnet.compiler.model.Shape;
import java.util.Optional;

/** A standalone activation layer. */
public record ActivationLayerSpec(String name, Shape inputShape, Shape outputShape, Activation activation)
    implements Layer {
  @Override
  public String kerasName() {
    return "Activation";
  }

  @Override
  public long forwardFlops() {
    return LayerSpec.activationFlops(activation, outputShape.size());
  }

  @Override
  public Optional<Activation> appliedActivation() {
    return Optional.of(activation);
  }

  @Override
  public String fingerprint() {
    return "activation " + LayerSpec.fingerprint(activation());
  }

  @Override
  public LayerEmitter emitter() {
    return new ActivationLayerEmitter(this);
  }

  @Override
  public LayerExport export(ExportClass cls) {
    return new ActivationLayerExport(this, cls);
  }

  @Override
  public OnnxLayer onnx() {
    return ActivationLayerOnnx.of(this);
  }
}
