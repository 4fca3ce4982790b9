package dev.nnet.compiler.layers.flatten;

import dev.nnet.compiler.codegen.LayerEmitter;
import dev.nnet.compiler.export.ExportClass;
import dev.nnet.compiler.export.LayerExport;
import dev.nnet.compiler.export.onnx.OnnxGraph;
import dev.nnet.compiler.export.onnx.OnnxGraph.Layout;
import dev.nnet.compiler.export.onnx.OnnxGraph.Tensor;
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

  /** Flatten: the sample as one row, channels last (a reshape, after moving channels back last if needed). */
  @Override
  public Tensor onnx(OnnxGraph g, Tensor x) {
    Tensor flat = g.flat(x, name());
    return new Tensor(flat.ref(), outputShape(), Layout.FLAT);
  }
}
