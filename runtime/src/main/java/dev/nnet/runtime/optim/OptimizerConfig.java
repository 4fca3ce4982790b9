package dev.nnet.runtime.optim;

import java.util.Objects;

/**
 * An optimizer and its hyper-parameters. Fields an optimizer does not use are ignored. {@link #defaults(Kind)} gives
 * Keras' defaults:
 *
 * <ul>
 *   <li>sgd: learning_rate 0.01, momentum 0, nesterov false
 *   <li>adam: learning_rate 0.001, beta_1 0.9, beta_2 0.999, epsilon 1e-7
 *   <li>adamw: as adam, weight_decay 0.004
 *   <li>rmsprop: learning_rate 0.001, rho 0.9, momentum 0, epsilon 1e-7
 *   <li>adagrad: learning_rate 0.001, initial_accumulator_value 0.1, epsilon 1e-7
 * </ul>
 */
public record OptimizerConfig(
    Kind kind,
    double learningRate,
    double momentum,
    boolean nesterov,
    double beta1,
    double beta2,
    double epsilon,
    double weightDecay,
    double rho,
    double initialAccumulator) {

  /** The optimizers, by their names in model files. */
  public enum Kind {
    SGD("sgd"),
    ADAM("adam"),
    ADAMW("adamw"),
    RMSPROP("rmsprop"),
    ADAGRAD("adagrad");

    private final String keyword;

    Kind(String keyword) {
      this.keyword = keyword;
    }

    public String keyword() {
      return keyword;
    }
  }

  public OptimizerConfig {
    Objects.requireNonNull(kind, "kind");
    if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
      throw new IllegalArgumentException("learning rate must be a positive number, got " + learningRate);
    }
    if (momentum < 0 || momentum >= 1) {
      throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
    }
  }

  /** The optimizer with Keras' defaults. */
  public static OptimizerConfig defaults(Kind kind) {
    return switch (kind) {
      case SGD -> new OptimizerConfig(kind, 0.01, 0, false, 0, 0, 0, 0, 0, 0);
      case ADAM -> new OptimizerConfig(kind, 0.001, 0, false, 0.9, 0.999, 1e-7, 0, 0, 0);
      case ADAMW -> new OptimizerConfig(kind, 0.001, 0, false, 0.9, 0.999, 1e-7, 0.004, 0, 0);
      case RMSPROP -> new OptimizerConfig(kind, 0.001, 0, false, 0, 0, 1e-7, 0, 0.9, 0);
      case ADAGRAD -> new OptimizerConfig(kind, 0.001, 0, false, 0, 0, 1e-7, 0, 0, 0.1);
    };
  }

  /** The same optimizer with another learning rate. */
  public OptimizerConfig withLearningRate(double lr) {
    return new OptimizerConfig(kind, lr, momentum, nesterov, beta1, beta2, epsilon, weightDecay, rho, initialAccumulator);
  }

  /** A new optimizer of this configuration, with fresh state. */
  public Optimizer create() {
    return switch (kind) {
      case SGD -> new Sgd(this);
      case ADAM, ADAMW -> new Adam(this);
      case RMSPROP -> new RmsProp(this);
      case ADAGRAD -> new Adagrad(this);
    };
  }
}
