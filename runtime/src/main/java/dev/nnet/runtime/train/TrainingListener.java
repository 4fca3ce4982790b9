package dev.nnet.runtime.train;

/**
 * Progress callbacks of a {@link Trainer}, for printing lines, a progress bar or saving checkpoints. Epochs and
 * steps are 1-based. Every method has an empty default.
 */
public interface TrainingListener {
  /** A listener that does nothing. */
  TrainingListener NONE = new TrainingListener() {};

  /** One listener calling each of {@code listeners} in turn, in the order given. */
  static TrainingListener of(TrainingListener... listeners) {
    TrainingListener[] all = listeners.clone();
    return new TrainingListener() {
      @Override
      public void onTrainStart(int firstEpoch, int epochs, int stepsPerEpoch) {
        for (TrainingListener l : all) {
          l.onTrainStart(firstEpoch, epochs, stepsPerEpoch);
        }
      }

      @Override
      public void onEpochStart(int epoch, int epochs) {
        for (TrainingListener l : all) {
          l.onEpochStart(epoch, epochs);
        }
      }

      @Override
      public void onBatchEnd(int step, int steps, double runningLoss) {
        for (TrainingListener l : all) {
          l.onBatchEnd(step, steps, runningLoss);
        }
      }

      @Override
      public void onEpochEnd(EpochRecord record) {
        for (TrainingListener l : all) {
          l.onEpochEnd(record);
        }
      }

      @Override
      public void onTrainEnd(History history) {
        for (TrainingListener l : all) {
          l.onTrainEnd(history);
        }
      }
    };
  }

  /** Before the first epoch of this run (after a resume, {@code firstEpoch} is greater than 1). */
  default void onTrainStart(int firstEpoch, int epochs, int stepsPerEpoch) {}

  default void onEpochStart(int epoch, int epochs) {}

  /**
   * After each optimizer step; {@code runningLoss} is the mean loss per sample over the epoch so far. Called on the
   * training thread between steps: keep it cheap (printing every step is not).
   */
  default void onBatchEnd(int step, int steps, double runningLoss) {}

  /** After the epoch's validation; {@link Trainer#state()} is consistent here, so a checkpoint can be saved. */
  default void onEpochEnd(EpochRecord record) {}

  /** After the last epoch (or early stopping, or restoring the best weights). */
  default void onTrainEnd(History history) {}
}
