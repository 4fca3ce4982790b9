package dev.nnet.compiler.layers.flatten;

import dev.nnet.compiler.codegen.LayerEmitter;
import dev.nnet.compiler.export.ExportClass;
import dev.nnet.compiler.export.LayerExport;
import dev.nnet.compiler.export.onnx.OnnxLayer;
import dev.nnet.compiler.layers.Layer;
import dev.nnet.compiler.model.Activation;
import dev.nnet.compiler.model.Shape;
import java.util.Optional;

/** Reshape to one dimension; free at run time, since batches are stored row-major, channels last. */
public record FlattenSpec(String name, Shape inputShape, Shape outputShape) implements Layer {
  @Override
  public String kerasName() {
    return "Flatten";
  }

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
    return "flatten";
  }

  @Override
  public LayerEmitter emitter() {
    return new FlattenEmitter(this);
  }

  @Override
  public LayerExport export(ExportClass cls) {
    return new LayerExport.Identity(this, "flatten is free: the sample is already stored flat, channels last");
  }

  @Override
  public OnnxLayer onnx() {
    return FlattenOnnx.of(this);
  }
}
