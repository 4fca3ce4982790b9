package dev.nnet.cli;

import dev.nnet.runtime.Network;
import dev.nnet.runtime.checkpoint.Checkpoint;
import dev.nnet.runtime.checkpoint.CheckpointException;
import dev.nnet.runtime.checkpoint.Checkpoints;
import dev.nnet.runtime.data.PreparedData;
import dev.nnet.runtime.io.OutputFiles;
import dev.nnet.runtime.train.EpochRecord;
import dev.nnet.runtime.train.History;
import dev.nnet.runtime.train.Trainer;
import dev.nnet.runtime.train.TrainingDivergedException;
import dev.nnet.runtime.train.TrainingInterruptedException;
import dev.nnet.runtime.train.TrainingListener;
import dev.nnet.runtime.train.TrainingState;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Keeps a training run's work safe, beside the trained model's file {@code W} ({@code MODEL.weights} by default):
 *
 * <ul>
 *   <li>Ctrl-C finishes the current step and saves the run in {@code W.resume}, then nnet exits with 130;
 *   <li>a backup of the run goes to the same file at the end of an epoch every {@code --backup-every} seconds, so a
 *       run that is killed or crashes can be continued too;
 *   <li>{@code --resume} continues the run saved there, after checking that it is the same architecture, data and
 *       settings, and ends with the weights an uninterrupted run would have;
 *   <li>a loss that becomes NaN or infinite stops training; the last weights that gave a finite loss go to
 *       {@code W.diverged}.
 * </ul>
 *
 * {@code W} itself is only ever written by a run that finished, atomically; {@code W.resume} is deleted after that.
 */
final class RunGuard {
  private final Path modelFile;
  private final Path weights;
  private final Network net;
  private final PreparedData data;
  private final RunSettings settings;
  private final PrintWriter out;
  private final PrintWriter err;
  private boolean resumed;

  /**
   * @param weights where the finished run saves the trained model; the run's other files go beside it
   * @param settings what a resumed run must share with this one
   */
  RunGuard(Path modelFile, Path weights, Network net, PreparedData data, RunSettings settings, PrintWriter out,
      PrintWriter err) {
    this.modelFile = modelFile;
    this.weights = weights;
    this.net = net;
    this.data = data;
    this.settings = settings;
    this.out = out;
    this.err = err;
  }

  /** Where an interrupted (or backed-up) run is saved: {@code W.resume}. */
  static Path resumeFile(Path weights) {
    return weights.resolveSibling(weights.getFileName() + ".resume");
  }

  /** Where a diverged run's last good weights go: {@code W.diverged}. */
  static Path divergedFile(Path weights) {
    return weights.resolveSibling(weights.getFileName() + ".diverged");
  }

  /**
   * Loads the run saved in {@link #resumeFile} into the network and {@code trainer}, refusing (with a
   * {@link UserError}) a missing, damaged or incomplete file, another architecture and other settings.
   */
  void resume(Trainer trainer) {
    Path file = resumeFile(weights);
    if (!Files.isRegularFile(file)) {
      throw new UserError(
          "nnet: --resume: there is no saved run to continue: " + file + " does not exist (a run saves itself there"
              + " when interrupted with Ctrl-C, and every --backup-every seconds; give the same --out as that run)",
          Main.EXIT_USAGE);
    }
    Checkpoint saved;
    try {
      saved = Checkpoints.read(file);
    } catch (CheckpointException e) {
      throw new UserError(e.getMessage() + "; it cannot be resumed: start afresh without --resume");
    }
    TrainingState state =
        saved.trainingState()
            .orElseThrow(
                () -> new UserError(file + ": holds weights but no training state, so it cannot be resumed; start"
                    + " afresh without --resume"));
    if (!saved.fingerprint().equals(net.fingerprint())) {
      throw new UserError(
          file + ": the saved run is of another architecture (fingerprint " + saved.fingerprint() + ", the model"
              + " file now gives " + net.fingerprint() + "): " + modelFile + " changed since the run was saved; undo"
              + " the change, or start afresh without --resume");
    }
    Optional<String> difference = settings.differenceFrom(RunSettings.fromMetadata(saved.metadata()));
    if (difference.isPresent()) {
      throw new UserError(
          file + ": cannot continue the saved run: " + difference.get() + "; resume with the same model file, data"
              + " and options, or start afresh without --resume");
    }
    try {
      // Checked before any weight is written: the trainer refuses a state that does not fit it.
      trainer.restore(state);
    } catch (IllegalArgumentException e) {
      throw new UserError(file + ": cannot continue the saved run: " + e.getMessage());
    }
    try {
      Checkpoints.restore(saved, net, file.toString());
    } catch (CheckpointException e) {
      throw new UserError(e.getMessage());
    }
    resumed = true;
    out.println(
        "resuming the run saved in " + file + ": "
            + state.inProgress()
                .map(p -> "epoch " + (state.completedEpochs() + 1) + ", after batch " + p.stepsDone())
                .orElse("after epoch " + state.completedEpochs()));
    out.flush();
  }

  /** Says so when a saved run exists that this fresh run will replace. */
  void noteSavedRun() {
    Path file = resumeFile(weights);
    if (Files.exists(file)) {
      err.println(
          "nnet: note: " + file + " holds a saved run; this run starts afresh and will replace it (to continue"
              + " that run instead, add --resume)");
      err.flush();
    }
  }

  /**
   * Trains, with Ctrl-C handling and backups.
   *
   * @return the history, or empty when the run was interrupted and saved for {@code --resume}
   * @throws UserError when training diverges (after saving the last good weights) or does not fit the data
   */
  Optional<History> fit(Trainer trainer, TrainingListener listener, double backupSeconds) {
    Backups backups = new Backups(trainer, backupSeconds);
    Interrupts sigint = Interrupts.install(trainer::requestStop, err);
    try {
      return Optional.of(trainer.fit(data.train(), data.validation(), TrainingListener.of(listener, backups)));
    } catch (TrainingInterruptedException e) {
      Path file = resumeFile(weights);
      try {
        save(file, Optional.of(trainer.state()));
      } catch (CheckpointException saveFailed) {
        throw new UserError(
            "nnet: " + e.getMessage() + ", but the run could not be saved: " + saveFailed.getMessage()
                + (Files.exists(file) ? "; " + file + " still holds the last backup" : ""),
            sigint.exitCode());
      }
      interruptExitCode = sigint.exitCode();
      err.println("nnet: " + e.getMessage() + "; saved the run in " + file);
      err.println("nnet: to continue it, run the same command with --resume");
      err.flush();
      return Optional.empty();
    } catch (TrainingDivergedException e) {
      throw diverged(e);
    } catch (IllegalArgumentException e) {
      // The trainer's checks of its settings against the data (e.g. monitoring val_loss without validation).
      throw new UserError("cannot train: " + e.getMessage());
    } finally {
      sigint.close();
    }
  }

  private int interruptExitCode = Interrupts.EXIT_INTERRUPTED;

  /** The exit code after {@link #fit} returned empty: 130 after Ctrl-C, 143 after SIGTERM. */
  int interruptExitCode() {
    return interruptExitCode;
  }

  /** After the trained model is saved: the saved run is superseded. */
  void finished() {
    Path file = resumeFile(weights);
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      err.println("nnet: warning: could not delete " + file + ", which the finished run supersedes: " + e);
    }
    // A backup killed mid-write left its temporary file; no later save of this run will clean it up.
    OutputFiles.removeStaleTemporaries(file);
  }

  private UserError diverged(TrainingDivergedException e) {
    StringBuilder message = new StringBuilder(e.getMessage());
    // Weights the run started from are worth saving only when they came from a saved run (whose file goes below).
    if (!resumed && e.beforeAnyUpdate()) {
      message.append("\nnothing was saved: no update had been made");
    } else if (!resumed && e.restoredStartingWeights()) {
      message.append("\nnothing was saved: the first update already broke the weights, so the last good ones are the"
          + " initial weights");
    } else {
      Path file = divergedFile(weights);
      try {
        save(file, Optional.empty());
        message.append("\nthe last good weights (from before the failing update) are saved in ").append(file)
            .append("; evaluate them with: nnet evaluate ").append(modelFile).append(" --weights ").append(file);
      } catch (CheckpointException saveFailed) {
        message.append("\nthe last good weights could not be saved: ").append(saveFailed.getMessage());
      }
    }
    message.append(Files.exists(weights) ? "\n" + weights + " is unchanged" : "");
    // Resuming the saved run with the same settings would diverge the same way; the .diverged file supersedes it.
    finished();
    return new UserError(message.toString());
  }

  private void save(Path file, Optional<TrainingState> state) {
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put("model", modelFile.getFileName().toString());
    if (state.isPresent()) {
      metadata.putAll(settings.asMetadata());
    }
    Checkpoints.save(
        file,
        Checkpoints.capture(
            net,
            data.standardizer().map(Checkpoint::arraysOf).orElse(Map.of()),
            data.classes(),
            metadata,
            state)
            .withVocabulary(data.vocabulary().map(v -> v.tokens()).orElse(java.util.List.of())));
  }

  /** Saves the run at the end of an epoch when {@code seconds} have passed since the start or the last backup. */
  private final class Backups implements TrainingListener {
    private final Trainer trainer;
    private final long intervalNanos;
    private long last = System.nanoTime();
    private int epochs;
    private boolean failed;

    Backups(Trainer trainer, double seconds) {
      this.trainer = trainer;
      this.intervalNanos = (long) (seconds * 1e9);
    }

    @Override
    public void onEpochStart(int epoch, int epochs) {
      this.epochs = epochs;
    }

    @Override
    public void onEpochEnd(EpochRecord record) {
      // After the last epoch the trained model is saved instead.
      if (failed || record.epoch() >= epochs || System.nanoTime() - last < intervalNanos) {
        return;
      }
      try {
        save(resumeFile(weights), Optional.of(trainer.state()));
        last = System.nanoTime();
      } catch (CheckpointException e) {
        failed = true;
        err.println("nnet: warning: cannot back up the run: " + e.getMessage() + "; training continues without"
            + " backups");
        err.flush();
      }
    }
  }
}
