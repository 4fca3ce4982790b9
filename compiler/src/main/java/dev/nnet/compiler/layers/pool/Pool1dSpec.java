package dev.nnet.compiler.layers.pool;

import dev.nnet.compiler.codegen.LayerEmitter;
import dev.nnet.compiler.export.ExportClass;
import dev.nnet.compiler.export.LayerExport;
import dev.nnet.compiler.export.onnx.OnnxLayer;
import dev.nnet.compiler.layers.Layer;
import dev.nnet.compiler.model.Activation;
import dev.nnet.compiler.model.Padding;
import dev.nnet.compiler.model.PoolKind;
import dev.nnet.compiler.model.Shape;
import java.util.Optional;

/**
 * Max or average pooling over windows of a sequence's steps, per channel (Keras' MaxPooling1D and
 * AveragePooling1D); runs as the {@link #asPool2d 2-D pooling} of a 1 × steps image.
 */
public record Pool1dSpec(
    String name, Shape inputShape, Shape outputShape, PoolKind kind, int poolSize, int stride, Padding padding)
    implements Layer {
  @Override
  public String kerasName() {
    return kind == PoolKind.MAX ? "MaxPooling1D" : "AveragePooling1D";
  }

  /** One per window element. */
  @Override
  public long forwardFlops() {
    return (long) poolSize * outputShape.size();
  }

  @Override
  public Optional<Activation> appliedActivation() {
    return Optional.of(Activation.LINEAR);
  }

  @Override
  public String fingerprint() {
    return "pool1d " + kind() + " pool=" + poolSize() + " strides=" + stride() + " padding="
        + padding();
  }

  @Override
  public LayerEmitter emitter() {
    return new PoolEmitter(asPool2d()); // a sequence is stored as a 1 × steps image
  }

  @Override
  public LayerExport export(ExportClass cls) {
    return new PoolExport(asPool2d(), cls);
  }

  @Override
  public OnnxLayer onnx() {
    return PoolOnnx.of(this);
  }

  /** The same pooling over the sequence as a 1 × steps image. */
  public Pool2dSpec asPool2d() {
    return new Pool2dSpec(
        name, inputShape.sequenceAsImage(), outputShape.sequenceAsImage(), kind, 1, poolSize, 1, stride, padding);
  }
}
