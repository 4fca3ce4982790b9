package dev.nnet.runtime.metrics;

/** {@code mae}: the mean of {@code |output − target|}. */
final class MeanAbsoluteError extends MeanError {
  MeanAbsoluteError(int outputs) {
    super("mae", outputs);
  }

  @Override
  double error(double d) {
    return Math.abs(d);
  }
}
