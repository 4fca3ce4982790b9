package dev.nnet.cli.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nnet.cli.Cli;
import dev.nnet.runtime.checkpoint.Checkpoint;
import dev.nnet.runtime.checkpoint.Checkpoints;
import dev.nnet.runtime.train.TrainingState;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C during {@code nnet train} (a real SIGINT to a child JVM) saves the run; {@code --resume} finishes it with
 * weights identical, byte for byte, to those of a run never interrupted. The model has dropout, so the network's
 * generator must be restored too, and about 160 steps per epoch, so the signal lands in the middle of an epoch.
 */
@Tag("slow") // child JVMs trained to the end twice
class InterruptResumeTest {
  @TempDir Path dir;

  static String digitsModel(Path data, int epochs) {
    return """
        model Digits
        input [64]
        dense 256 relu
        dropout 0.2
        dense 10 softmax
        loss sparse_categorical_crossentropy
        metrics accuracy
        optimizer adam(learning_rate = 0.001)
        train { batch_size 8  epochs %d  seed 3  validation_split 0.1 }
        data {
          train csv("%s", label = "digit") scale 1/16
          test split 0.2
        }
        """.formatted(epochs, data);
  }

  static Path digits() {
    return Cli.repoRoot().resolve("samples/digits/digits.csv.gz");
  }

  @Test
  void ctrlCSavesTheRunAndResumingEndsWithTheUninterruptedWeights() throws Exception {
    Path model = dir.resolve("digits.nnet");
    Files.writeString(model, digitsModel(digits(), 12));
    String[] common = {"--matmul", "ejml", "--threads", "1"};
    Path interrupted = dir.resolve("interrupted.weights");
    Path resume = dir.resolve("interrupted.weights.resume");

    ChildJvm child = ChildJvm.start(dir, "child", concat(
        new String[] {"train", model.toString(), "-o", interrupted.toString()}, common));
    child.awaitOutput("epoch  2/12", ChildJvm.PATIENCE_MILLIS);
    child.interrupt();
    int exit = child.waitFor(ChildJvm.PATIENCE_MILLIS);

    String err = child.err();
    assertThat(exit).as("exit code; stderr:%n%s", err).isEqualTo(130);
    assertThat(err)
        .containsPattern("nnet: training interrupted (during epoch \\d+ of 12, after batch \\d+ of 162|after epoch \\d+"
            + " of 12); saved the run in " + java.util.regex.Pattern.quote(resume.toString()))
        .contains("to continue it, run the same command with --resume")
        .doesNotContain("\tat ")
        .doesNotContain("Exception");
    assertThat(interrupted).as("the trained model is only written by a finished run").doesNotExist();
    Checkpoint saved = Checkpoints.read(resume);
    TrainingState state = saved.trainingState().orElseThrow();
    System.out.printf("interrupted %s%n", state.inProgress()
        .map(p -> "in epoch " + (state.completedEpochs() + 1) + " after step " + p.stepsDone())
        .orElse("after epoch " + state.completedEpochs()));

    Cli.Run resumed = Cli.run(concat(
        new String[] {"train", model.toString(), "-o", interrupted.toString(), "--resume"}, common));
    assertThat(resumed.exitCode()).as("%s", resumed).isZero();
    assertThat(resumed.out()).contains("resuming the run saved in " + resume).contains("epoch 12/12");
    assertThat(resume).as("a finished run removes the saved run").doesNotExist();

    Path straight = dir.resolve("straight.weights");
    Cli.Run full = Cli.run(concat(new String[] {"train", model.toString(), "-o", straight.toString()}, common));
    assertThat(full.exitCode()).as("%s", full).isZero();

    assertSameBytes(interrupted, straight);
    // The same test metrics, as printed, follow from the same weights.
    assertThat(lastLine(resumed.out(), "test:")).isEqualTo(lastLine(full.out(), "test:"));
  }

  @Test
  void sigtermSavesTheRunLikeCtrlCAndExits143() throws Exception {
    Path model = dir.resolve("digits.nnet");
    Files.writeString(model, digitsModel(digits(), 12));
    Path weights = dir.resolve("terminated.weights");
    Path resume = dir.resolve("terminated.weights.resume");
    ChildJvm child = ChildJvm.start(dir, "term", "train", model.toString(), "-o", weights.toString(), "--matmul",
        "ejml", "--threads", "1");
    child.awaitOutput("epoch  2/12", ChildJvm.PATIENCE_MILLIS);
    child.terminate();
    int exit = child.waitFor(ChildJvm.PATIENCE_MILLIS);
    String err = child.err();
    assertThat(exit).as("exit code; stderr:%n%s", err).isEqualTo(143);
    assertThat(err).contains("nnet: terminated (SIGTERM); finishing the current step and saving the run")
        .contains("saved the run in " + resume).doesNotContain("\tat ");
    assertThat(Checkpoints.read(resume).trainingState()).isPresent();
    assertThat(weights).doesNotExist();
  }

  /** The files are equal byte for byte; else the failure names the first differing offset (not 300 KB of bytes). */
  static void assertSameBytes(Path actual, Path expected) throws java.io.IOException {
    byte[] a = Files.readAllBytes(actual);
    byte[] e = Files.readAllBytes(expected);
    int at = java.util.Arrays.mismatch(a, e);
    assertThat(at).as("%s (%d bytes) and %s (%d bytes) first differ at byte %d", actual, a.length, expected, e.length,
        at).isEqualTo(-1);
  }

  static String[] concat(String[] a, String[] b) {
    String[] all = new String[a.length + b.length];
    System.arraycopy(a, 0, all, 0, a.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }

  static String lastLine(String text, String prefix) {
    String found = null;
    for (String line : text.split("\n")) {
      if (line.startsWith(prefix)) {
        found = line;
      }
    }
    return found;
  }
}
