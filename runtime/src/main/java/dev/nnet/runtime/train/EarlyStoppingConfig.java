package dev.nnet.runtime.train;

/**
 * Stop when {@code monitor} (a history key such as {@code val_loss} or {@code val_accuracy}) has not improved by
 * more than {@code minDelta} for {@code patience} epochs in a row; losses and errors improve downwards, everything
 * else upwards. With {@code restoreBest}, training ends with the weights of the best epoch.
 */
public record EarlyStoppingConfig(String monitor, int patience, double minDelta, boolean restoreBest) {
  public EarlyStoppingConfig {
    if (monitor == null || monitor.isBlank()) {
      throw new IllegalArgumentException("early stopping needs a metric to monitor");
    }
    if (patience < 0) {
      throw new IllegalArgumentException("patience must not be negative, got " + patience);
    }
    if (!(minDelta >= 0)) {
      throw new IllegalArgumentException("min_delta must not be negative, got " + minDelta);
    }
  }
}
