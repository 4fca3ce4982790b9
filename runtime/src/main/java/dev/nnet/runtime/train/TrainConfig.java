package dev.nnet.runtime.train;

import java.util.Objects;
import java.util.Optional;

/**
 * How to train: mini-batches of {@code batchSize} samples (the last one of an epoch may be smaller), {@code epochs}
 * passes over the training set, reshuffled before each pass when {@code shuffle} is set, by a generator seeded
 * with {@code seed}.
 */
public record TrainConfig(
    int batchSize, int epochs, boolean shuffle, long seed, Optional<EarlyStoppingConfig> earlyStopping) {

  public TrainConfig {
    Objects.requireNonNull(earlyStopping, "earlyStopping");
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
    }
    if (epochs < 1) {
      throw new IllegalArgumentException("epochs must be at least 1, got " + epochs);
    }
  }

  /** Keras' defaults: batches of 32, 10 epochs, shuffled, seed 42, no early stopping. */
  public static TrainConfig defaults() {
    return new TrainConfig(32, 10, true, 42L, Optional.empty());
  }
}
