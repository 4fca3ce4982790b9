package dev.nnet.compiler.model;

/**
 * An activation with its parameter resolved: {@code alpha} is the negative slope of leaky_relu (Keras default 0.2
 * for {@code tf.nn.leaky_relu}; nnet uses 0.3 as Keras' {@code LeakyReLU} layer) and the scale of elu (default 1.0);
 * it is 0 and unused for the others.
 */
public record Activation(ActivationKind kind, double alpha) {
  public static final Activation LINEAR = new Activation(ActivationKind.LINEAR, 0);

  /** The activation with its default {@code alpha} (0 when it takes none). */
  public static Activation of(ActivationKind kind) {
    return new Activation(kind, kind.alpha() == null ? 0 : kind.alpha().defaultValue());
  }
}
