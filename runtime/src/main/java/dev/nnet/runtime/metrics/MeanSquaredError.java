package dev.nnet.runtime.metrics;

/** {@code mse}: the mean of {@code (output − target)²}. */
final class MeanSquaredError extends MeanError {
  MeanSquaredError(int outputs) {
    super("mse", outputs);
  }

  @Override
  double error(double d) {
    return d * d;
  }
}
