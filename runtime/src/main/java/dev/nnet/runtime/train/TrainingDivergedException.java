package dev.nnet.runtime.train;

/**
 * The loss (or the weights) became NaN or infinite. The trainer has restored the weights from before the update
 * that broke them; the message names the epoch and batch and suggests what to change.
 */
public class TrainingDivergedException extends RuntimeException {
  private final int epoch;
  private final int batch;
  private final boolean beforeAnyUpdate;
  private final boolean restoredStartingWeights;
  private final transient History history;

  public TrainingDivergedException(
      String message, int epoch, int batch, boolean beforeAnyUpdate, boolean restoredStartingWeights,
      History history) {
    super(message);
    this.epoch = epoch;
    this.batch = batch;
    this.beforeAnyUpdate = beforeAnyUpdate;
    this.restoredStartingWeights = restoredStartingWeights;
    this.history = history;
  }

  /** The 1-based epoch in which training diverged. */
  public int epoch() {
    return epoch;
  }

  /** The 1-based batch of that epoch. */
  public int batch() {
    return batch;
  }

  /**
   * Whether it happened before the run's first optimizer update (its first forward pass failed): the data or the
   * starting weights are at fault, not the learning rate.
   */
  public boolean beforeAnyUpdate() {
    return beforeAnyUpdate;
  }

  /**
   * Whether the restored weights are those the run started with (the initial weights, or those it resumed from):
   * no update, or only the failing one, had been made, so there is nothing learned to keep.
   */
  public boolean restoredStartingWeights() {
    return restoredStartingWeights;
  }

  /** The epochs completed before it. */
  public History history() {
    return history;
  }
}
