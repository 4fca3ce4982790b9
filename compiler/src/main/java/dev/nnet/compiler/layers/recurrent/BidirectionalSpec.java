package dev.nnet.compiler.layers.recurrent;

import dev.nnet.compiler.codegen.LayerEmitter;
import dev.nnet.compiler.export.ExportClass;
import dev.nnet.compiler.export.LayerExport;
import dev.nnet.compiler.export.onnx.OnnxLayer;
import dev.nnet.compiler.layers.Layer;
import dev.nnet.compiler.model.Activation;
import dev.nnet.compiler.model.ActivationKind;
import dev.nnet.compiler.model.Shape;
import java.util.Optional;

/**
 * Keras' {@code Bidirectional} with merge_mode "concat": {@code forward} reads the steps first to last,
 * {@code backward} (the same layer with its own weights) last to first, and the output is the two outputs side by
 * side, [2·units] or, with return_sequences, [steps, 2·units], the backward half of each step at the step's own
 * position.
 */
public record BidirectionalSpec(
    String name, Shape inputShape, Shape outputShape, RecurrentSpec forward, RecurrentSpec backward)
    implements Layer {
  @Override
  public long trainableParameters() {
    return forward.trainableParameters() + backward.trainableParameters();
  }

  @Override
  public String kerasName() {
    return "Bidirectional";
  }

  @Override
  public long forwardFlops() {
    return forward.forwardFlops() + backward.forwardFlops();
  }

  @Override
  public Optional<Activation> appliedActivation() {
    return Optional.of(Activation.of(ActivationKind.TANH));
  }

  @Override
  public String fingerprint() {
    return "bidirectional merge=concat " + forward.fingerprint();
  }

  @Override
  public LayerEmitter emitter() {
    return new RecurrentEmitter(this);
  }

  @Override
  public LayerExport export(ExportClass cls) {
    return new RecurrentExport(this, cls);
  }

  @Override
  public OnnxLayer onnx() {
    return RecurrentOnnx.of(this);
  }
}
