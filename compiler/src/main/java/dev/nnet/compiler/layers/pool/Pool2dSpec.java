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

/** Max or average pooling over [height, width, channels]. */
public record Pool2dSpec(
    String name,
    Shape inputShape,
    Shape outputShape,
    PoolKind kind,
    int poolHeight,
    int poolWidth,
    int strideHeight,
    int strideWidth,
    Padding padding)
    implements Layer {

  @Override
  public String kerasName() {
    return kind == PoolKind.MAX ? "MaxPooling2D" : "AveragePooling2D";
  }

  /** One per window element. */
  @Override
  public long forwardFlops() {
    return (long) poolHeight * poolWidth * outputShape.size();
  }

  @Override
  public Optional<Activation> appliedActivation() {
    return Optional.of(Activation.LINEAR);
  }

  @Override
  public String fingerprint() {
    return "pool2d " + kind() + " pool=" + poolHeight() + "x" + poolWidth() + " strides="
        + strideHeight() + "x" + strideWidth() + " padding=" + padding();
  }

  @Override
  public LayerEmitter emitter() {
    return new PoolEmitter(this);
  }

  @Override
  public LayerExport export(ExportClass cls) {
    return new PoolExport(this, cls);
  }

  @Override
  public OnnxLayer onnx() {
    return PoolOnnx.of(this);
  }
}
