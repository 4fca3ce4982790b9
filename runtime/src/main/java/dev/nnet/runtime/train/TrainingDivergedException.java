package dev.nnet.runtime.train;

/**
 * The loss (or the weights) became NaN or infinite. The trainer has restored the weights from before the update
 * that broke them; the message names the epoch and batch and suggests what to change.
 */
public class TrainingDivergedException extends RuntimeException {
  private final int epoch;
  private final int batch;
  private final transient History history;

  public TrainingDivergedException(String message, int epoch, int batch, History history) {
    super(message);
    this.epoch = epoch;
    this.batch = batch;
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

  /** The epochs completed before it. */
  public History history() {
    return history;
  }
}
