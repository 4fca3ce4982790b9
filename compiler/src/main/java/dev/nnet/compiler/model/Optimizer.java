package dev.nnet.compiler.model;

/**
 * An optimizer with every hyper-parameter resolved to Keras' defaults where the model file is silent. Fields that
 * an optimizer does not use are 0 or false.
 *
 * <ul>
 *   <li>sgd: learning_rate 0.01, momentum 0, nesterov false
 *   <li>adam: learning_rate 0.001, beta_1 0.9, beta_2 0.999, epsilon 1e-7
 *   <li>adamw: as adam, weight_decay 0.004
 *   <li>rmsprop: learning_rate 0.001, rho 0.9, momentum 0, epsilon 1e-7
 *   <li>adagrad: learning_rate 0.001, initial_accumulator_value 0.1, epsilon 1e-7
 * </ul>
 */
public record Optimizer(
    OptimizerKind kind,
    double learningRate,
    double momentum,
    boolean nesterov,
    double beta1,
    double beta2,
    double epsilon,
    double weightDecay,
    double rho,
    double initialAccumulator) {

  /** The optimizer with Keras' defaults. */
  public static Optimizer defaults(OptimizerKind kind) {
    return switch (kind) {
      case SGD -> new Optimizer(kind, 0.01, 0, false, 0, 0, 0, 0, 0, 0);
      case ADAM -> new Optimizer(kind, 0.001, 0, false, 0.9, 0.999, 1e-7, 0, 0, 0);
      case ADAMW -> new Optimizer(kind, 0.001, 0, false, 0.9, 0.999, 1e-7, 0.004, 0, 0);
      case RMSPROP -> new Optimizer(kind, 0.001, 0, false, 0, 0, 1e-7, 0, 0.9, 0);
      case ADAGRAD -> new Optimizer(kind, 0.001, 0, false, 0, 0, 1e-7, 0, 0, 0.1);
    };
  }
}
