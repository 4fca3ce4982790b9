package dev.nnet.compiler.model;

import java.util.Optional;

/**
 * One layer of a checked model, with the shapes it consumes and produces. {@code name} is unique in the model and
 * a valid Java identifier fragment ({@code dense1}, {@code conv2}), used for generated members and checkpoints.
 *
 * <p>Each layer kind lives in a package of its own under {@code dev.nnet.compiler.layers}, whose record implements
 * this interface and {@code dev.nnet.compiler.layers.Layer}: that interface adds every stage's piece (emitter,
 * export writer, ONNX nodes) as an abstract method, so a kind that misses one does not compile. What this
 * interface asks is what the model itself knows: shapes, Keras name, cost, parameters, fingerprint.
 */
public interface LayerSpec {
  String name();

  Shape inputShape();

  Shape outputShape();

  /** Keras' class name, so a summary reads like {@code model.summary()}: {@code Dense}, {@code Conv2D}, ... */
  String kerasName();

  /**
   * The forward pass's floating-point operations for one sample at inference; a multiply-add counts 2, an
   * activation other than linear 1 per value.
   */
  long forwardFlops();

  /**
   * The activation the layer applies last, which the task check and the loss read; empty when the layer passes its
   * input's values through unchanged at inference (dropout, flatten), linear when it applies none.
   */
  Optional<Activation> appliedActivation();

  /**
   * The layer's line of the architecture fingerprint, after its name and shapes: its kind and the options that
   * change what its weights mean ({@code "dense units=8 activation=relu(0.0) bias=true l2=0.0"}). Initializers are
   * left out: they only decide where training starts. Changing this text changes every checkpoint's fingerprint.
   */
  String fingerprint();

  /** An activation as the fingerprint writes it: keyword and alpha, {@code relu(0.0)}. */
  static String fingerprint(Activation activation) {
    return activation.kind().keyword() + "(" + activation.alpha() + ")";
  }

  /** Operations of an activation over {@code values}: one each, none for linear. */
  static long activationFlops(Activation activation, long values) {
    return activation.kind() == ActivationKind.LINEAR ? 0 : values;
  }

  /** Number of trainable parameters. */
  default long trainableParameters() {
    return 0;
  }

  /** Number of non-trainable parameters (batch normalization's moving statistics). */
  default long nonTrainableParameters() {
    return 0;
  }
}
