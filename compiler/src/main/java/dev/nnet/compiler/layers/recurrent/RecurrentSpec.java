package dev.nnet.compiler.layers.recurrent;

import dev.nnet.compiler.codegen.LayerEmitter;
import dev.nnet.compiler.export.ExportClass;
import dev.nnet.compiler.export.LayerExport;
import dev.nnet.compiler.export.onnx.OnnxLayer;
import dev.nnet.compiler.layers.Layer;
import dev.nnet.compiler.model.Activation;
import dev.nnet.compiler.model.ActivationKind;
import dev.nnet.compiler.model.Initializer;
import dev.nnet.compiler.model.Shape;
import java.util.Optional;

/**
 * A recurrent layer over [steps, features] (Keras' {@code GRU}, {@code LSTM}, {@code SimpleRNN}): the state after
 * the last step [units] or, with {@code returnSequences}, after every step [steps, units]. The kernel W is
 * [features, gates·units] and the recurrent kernel U [units, gates·units], gate blocks in Keras' order; the bias
 * is [2, 3·units] for a GRU (reset_after: one row added to x·W, one to h·U) and [gates·units] otherwise. tanh and
 * sigmoid are the activation and the recurrent activation. {@code masked}: the input carries an embedding's mask,
 * whose padded steps leave the state unchanged.
 */
public record RecurrentSpec(
    String name,
    Shape inputShape,
    Shape outputShape,
    RecurrentCell cell,
    int units,
    boolean useBias,
    Initializer kernelInitializer,
    Initializer recurrentInitializer,
    boolean unitForgetBias,
    boolean returnSequences,
    boolean masked)
    implements Layer {
  public int steps() {
    return inputShape.dim(0);
  }

  public int features() {
    return inputShape.dim(1);
  }

  /** The bias's values: a GRU's two rows, or one per gate and unit. */
  public int biasSize() {
    return (cell == RecurrentCell.GRU ? 2 : 1) * cell.gates() * units;
  }

  @Override
  public long trainableParameters() {
    long gates = (long) cell.gates() * units;
    return gates * features() + gates * units + (useBias ? biasSize() : 0);
  }

  @Override
  public String kerasName() {
    return cell.kerasName();
  }

  /** Per step the two products and, per gate value, a few operations for the gates and the state. */
  @Override
  public long forwardFlops() {
    long gates = (long) cell.gates() * units;
    return steps() * (2L * gates * (features() + units) + 4L * gates);
  }

  @Override
  public Optional<Activation> appliedActivation() {
    return Optional.of(Activation.of(ActivationKind.TANH));
  }

  @Override
  public String fingerprint() {
    return cell.keyword() + " units=" + units + " bias=" + useBias + " return_sequences=" + returnSequences
        + " masked=" + masked;
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
