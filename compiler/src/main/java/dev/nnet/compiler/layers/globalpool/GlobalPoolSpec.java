package dev.nnet.compiler.layers.globalpool;

import dev.nnet.compiler.codegen.LayerEmitter;
import dev.nnet.compiler.export.ExportClass;
import dev.nnet.compiler.export.LayerExport;
import dev.nnet.compiler.export.onnx.OnnxLayer;
import dev.nnet.compiler.layers.Layer;
import dev.nnet.compiler.model.Activation;
import dev.nnet.compiler.model.PoolKind;
import dev.nnet.compiler.model.Shape;
import java.util.Optional;

/**
 * The max or the mean of each channel over every position of a sequence [steps, c] or an image [h, w, c], giving
 * [c]. With {@code masked} (a sequence after an embedding's {@code mask_zero}), padded steps are left out of both,
 * as in Keras; a sample whose steps are all padding pools to 0.
 */
public record GlobalPoolSpec(String name, Shape inputShape, Shape outputShape, PoolKind kind, boolean masked)
    implements Layer {

  /** The positions pooled over: steps, or height × width. */
  public int positions() {
    return inputShape.size() / channels();
  }

  public int channels() {
    return inputShape.dim(inputShape.rank() - 1);
  }

  @Override
  public String kerasName() {
    return "Global" + (kind == PoolKind.MAX ? "Max" : "Average") + "Pooling" + (inputShape.rank() - 1) + "D";
  }

  /** One per input value. */
  @Override
  public long forwardFlops() {
    return inputShape.size();
  }

  @Override
  public Optional<Activation> appliedActivation() {
    return Optional.of(Activation.LINEAR);
  }

  @Override
  public String fingerprint() {
    // The 2-D average keeps the fingerprint it had before global pooling had kinds.
    return kind() == PoolKind.AVERAGE && inputShape().rank() == 3 && !masked()
        ? "global_average_pool2d"
        : "global_pool " + kind() + " masked=" + masked();
  }

  @Override
  public LayerEmitter emitter() {
    return new GlobalPoolEmitter(this);
  }

  @Override
  public LayerExport export(ExportClass cls) {
    return new GlobalPoolExport(this, cls);
  }

  @Override
  public OnnxLayer onnx() {
    return GlobalPoolOnnx.of(this);
  }
}
