package dev.nnet.compiler.model;

import java.util.Optional;

/**
 * Training settings with defaults filled in: batch_size 32, epochs 10, shuffle true, validation_split 0, seed 42,
 * no early stopping.
 */
public record Training(
    int batchSize,
    int epochs,
    boolean shuffle,
    double validationSplit,
    long seed,
    Optional<EarlyStopping> earlyStopping) {

  public static Training defaults() {
    return new Training(32, 10, true, 0.0, 42L, Optional.empty());
  }
}
