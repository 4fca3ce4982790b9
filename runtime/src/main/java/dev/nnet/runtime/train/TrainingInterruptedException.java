package dev.nnet.runtime.train;

/**
 * Training stopped because {@link Trainer#requestStop()} was called (by a Ctrl-C handler, typically). The step that
 * was running finished first; {@link Trainer#state()} holds everything needed to continue from there.
 */
public class TrainingInterruptedException extends RuntimeException {
  private final int epoch;
  private final int batch;
  private final boolean midEpoch;

  public TrainingInterruptedException(String message, int epoch, int batch, boolean midEpoch) {
    super(message);
    this.epoch = epoch;
    this.batch = batch;
    this.midEpoch = midEpoch;
  }

  /** The 1-based epoch that was running (or had just ended, when not {@link #midEpoch()}). */
  public int epoch() {
    return epoch;
  }

  /** The last batch of that epoch that was run, 1-based. */
  public int batch() {
    return batch;
  }

  /** Whether the epoch had not ended (its end, with the metrics and validation, not reached): a resumed run continues it. */
  public boolean midEpoch() {
    return midEpoch;
  }
}
