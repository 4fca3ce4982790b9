package dev.nnet.cli;

import dev.nnet.runtime.checkpoint.CheckpointException;
import dev.nnet.runtime.data.DataException;
import dev.nnet.runtime.train.TrainingDivergedException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Supplier;

/** Turns the runtime's user-facing exceptions into {@link UserError}s: their messages are already worded. */
final class Errors {
  private Errors() {}

  /** An action that may fail with an I/O error. */
  interface IoAction {
    void run() throws IOException;
  }

  static <T> T data(Supplier<T> load) {
    try {
      return load.get();
    } catch (DataException e) {
      throw new UserError("data error: " + e.getMessage());
    } catch (UncheckedIOException e) {
      throw new UserError("cannot read the data: " + e.getCause().getMessage());
    }
  }

  static <T> T training(Supplier<T> run) {
    try {
      return run.get();
    } catch (TrainingDivergedException e) {
      throw new UserError(e.getMessage());
    } catch (IllegalArgumentException e) {
      // The trainer's checks of its settings against the data (e.g. monitoring val_loss without validation).
      throw new UserError("cannot train: " + e.getMessage());
    }
  }

  static <T> T checkpoint(Supplier<T> load) {
    try {
      return load.get();
    } catch (CheckpointException e) {
      throw new UserError(e.getMessage());
    }
  }

  static void io(IoAction action) {
    try {
      action.run();
    } catch (IOException e) {
      throw new UserError("cannot write: " + e.getMessage());
    } catch (UncheckedIOException e) {
      throw new UserError("cannot write: " + e.getCause().getMessage());
    } catch (CheckpointException e) {
      throw new UserError(e.getMessage());
    }
  }
}
