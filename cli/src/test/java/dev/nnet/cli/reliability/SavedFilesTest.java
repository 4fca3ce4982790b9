package dev.nnet.cli.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nnet.cli.Cli;
import dev.nnet.runtime.checkpoint.Checkpoints;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Saved runs and saved models at the command line: a run killed with SIGKILL continues from its last backup to the
 * weights of a run never stopped; {@code --resume} refuses, with a message saying what differs, a saved run of
 * another architecture, seed, optimizer or data, and a damaged file; {@code evaluate} refuses damaged or foreign
 * weights files. None of these prints a stack trace, and none changes a file it refused.
 */
class SavedFilesTest {
  private static final String[] EJML = {"--matmul", "ejml", "--threads", "1"};

  @TempDir static Path shared;
  /** A run of {@link #model} killed after its third backup. */
  private static Path savedRun;
  /** The weights of a finished run of {@link #model}. */
  private static Path finished;

  @TempDir Path dir;

  static String model(String hidden, String learningRate, Path data) {
    return """
        model Iris
        input [4]
        dense %s relu
        dense 3 softmax
        loss sparse_categorical_crossentropy
        metrics accuracy
        optimizer adam(learning_rate = %s)
        train { batch_size 16  epochs 100000  seed 7  validation_split 0.1 }
        data {
          train csv("%s", label = "species")
          test split 0.2
          standardize
        }
        """.formatted(hidden, learningRate, data);
  }

  static Path iris() {
    return Cli.repoRoot().resolve("samples/iris/iris.csv");
  }

  @BeforeAll
  static void killARunAfterItsThirdBackup() throws Exception {
    Path model = shared.resolve("iris.nnet");
    Files.writeString(model, model("16", "0.01", iris()));
    ChildJvm child = ChildJvm.start(shared, "child", InterruptResumeTest.concat(
        new String[] {"train", model.toString(), "--backup-every", "0"}, EJML));
    child.awaitOutput("epoch      4/100000", ChildJvm.PATIENCE_MILLIS); // after epoch 3's backup
    child.kill();
    savedRun = shared.resolve("iris.weights.resume");
    assertThat(Checkpoints.read(savedRun).trainingState().orElseThrow().completedEpochs()).isGreaterThanOrEqualTo(3);

    finished = shared.resolve("finished.weights");
    Cli.Run r = Cli.run("train", model.toString(), "--epochs", "2", "-o", finished.toString());
    assertThat(r.exitCode()).as("%s", r).isZero();
  }

  /** A copy of the model file and the saved run in this test's folder, as {@code iris.nnet}, {@code iris.weights.resume}. */
  private Path setUp(String modelText) throws Exception {
    Path model = dir.resolve("iris.nnet");
    Files.writeString(model, modelText);
    Files.copy(savedRun, dir.resolve("iris.weights.resume"));
    return model;
  }

  private Cli.Run train(Path model, String... more) {
    String[] args = InterruptResumeTest.concat(new String[] {"train", model.toString()}, EJML);
    Cli.Run r = Cli.run(InterruptResumeTest.concat(args, more));
    assertThat(r.err()).as("no stack trace").doesNotContain("\tat ").doesNotContain("Exception");
    return r;
  }

  /** Refused: exit 1, the message, and the saved run left exactly as it was. */
  private void assertRefused(Cli.Run r, String message) throws Exception {
    assertThat(r.exitCode()).as("%s", r).isEqualTo(1);
    assertThat(r.err().replace(dir.toString(), "$DIR")).isEqualTo(message + "\n");
    assertThat(Files.readAllBytes(dir.resolve("iris.weights.resume"))).isEqualTo(Files.readAllBytes(savedRun));
    assertThat(dir.resolve("iris.weights")).doesNotExist();
  }

  @Test
  void aKilledRunResumedFromItsLastBackupEndsWithTheUninterruptedWeights() throws Exception {
    Path model = setUp(model("16", "0.01", iris()));
    int saved = Checkpoints.read(savedRun).trainingState().orElseThrow().completedEpochs();
    // The kill lands a few epochs after the third at most; the runs compared go a few epochs further.
    String epochs = Integer.toString(saved + 4);
    Cli.Run resumed = train(model, "--resume", "--epochs", epochs);
    assertThat(resumed.exitCode()).as("%s", resumed).isZero();
    assertThat(resumed.out()).contains("resuming the run saved in " + dir.resolve("iris.weights.resume")
        + ": after epoch " + saved).contains("epoch " + epochs + "/" + epochs);
    assertThat(dir.resolve("iris.weights.resume")).doesNotExist();

    Cli.Run straight = train(model, "--epochs", epochs, "-o", dir.resolve("straight.weights").toString());
    assertThat(straight.exitCode()).as("%s", straight).isZero();
    InterruptResumeTest.assertSameBytes(dir.resolve("iris.weights"), dir.resolve("straight.weights"));
  }

  @Test
  void anotherSeedIsRefused() throws Exception {
    Path model = setUp(model("16", "0.01", iris()));
    assertRefused(train(model, "--resume", "--seed", "8"),
        "$DIR/iris.weights.resume: cannot continue the saved run: the seed differs: the interrupted run had 7, this"
            + " run has 8; resume with the same model file, data and options, or start afresh without --resume");
  }

  @Test
  void anotherLearningRateIsRefused() throws Exception {
    Path model = setUp(model("16", "0.02", iris()));
    assertRefused(train(model, "--resume"),
        "$DIR/iris.weights.resume: cannot continue the saved run: the optimizer differs: the interrupted run had"
            + " adam(learning_rate = 0.01, beta_1 = 0.9, beta_2 = 0.999, epsilon = 1e-7), this run has"
            + " adam(learning_rate = 0.02, beta_1 = 0.9, beta_2 = 0.999, epsilon = 1e-7); resume with the same"
            + " model file, data and options, or start afresh without --resume");
  }

  @Test
  void anotherArchitectureIsRefused() throws Exception {
    Path model = setUp(model("17", "0.01", iris()));
    Cli.Run r = train(model, "--resume");
    assertThat(r.exitCode()).as("%s", r).isEqualTo(1);
    assertThat(r.err().replace(dir.toString(), "$DIR")).matches(
        "\\$DIR/iris.weights.resume: the saved run is of another architecture \\(fingerprint [0-9a-f]{16}, the model"
            + " file now gives [0-9a-f]{16}\\): \\$DIR/iris.nnet changed since the run was saved; undo the change, or"
            + " start afresh without --resume\n");
  }

  @Test
  void otherDataIsRefused() throws Exception {
    Path changed = dir.resolve("iris-changed.csv");
    String csv = Files.readString(iris());
    Files.writeString(changed, csv.replaceFirst("5\\.1,3\\.5", "5.2,3.5"));
    Path model = setUp(model("16", "0.01", changed));
    Cli.Run r = train(model, "--resume");
    assertThat(r.exitCode()).as("%s", r).isEqualTo(1);
    assertThat(r.err().replace(dir.toString(), "$DIR")).matches(
        "\\$DIR/iris.weights.resume: cannot continue the saved run: the training data differs: the interrupted run"
            + " had 108 rows of 4 features and 1 targets \\(checksum [0-9a-f]{8}\\), this run has 108 rows of 4"
            + " features and 1 targets \\(checksum [0-9a-f]{8}\\); resume with the same model file, data and options,"
            + " or start afresh without --resume\n");
  }

  @Test
  void fewerEpochsThanAlreadyRunAreRefused() throws Exception {
    Path model = setUp(model("16", "0.01", iris()));
    Cli.Run r = train(model, "--resume", "--epochs", "2");
    assertThat(r.exitCode()).as("%s", r).isEqualTo(1);
    assertThat(r.err()).matches(".*iris.weights.resume: cannot continue the saved run: the saved training state has"
        + " completed \\d+ epochs, this run has 2 epochs\n");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"truncated", "flipped", "empty", "weights only"})
  void aDamagedOrIncompleteSavedRunIsRefused(String damage) throws Exception {
    Path model = setUp(model("16", "0.01", iris()));
    Path file = dir.resolve("iris.weights.resume");
    byte[] good = Files.readAllBytes(file);
    byte[] bad = switch (damage) {
      case "truncated" -> Arrays.copyOf(good, good.length / 2);
      case "flipped" -> flip(good, good.length / 3);
      case "empty" -> new byte[0];
      default -> Files.readAllBytes(finished);
    };
    Files.write(file, bad);
    Cli.Run r = train(model, "--resume");
    assertThat(r.exitCode()).as("%s", r).isEqualTo(1);
    String expected = switch (damage) {
      case "truncated" -> "\\$DIR/iris.weights.resume: the checkpoint is truncated: its header announces \\d+ bytes of"
          + " content, the file holds \\d+; the write was probably interrupted, or the copy is incomplete; it cannot be"
          + " resumed: start afresh without --resume\n";
      case "flipped" -> "\\$DIR/iris.weights.resume: the checkpoint is corrupted: its checksum does not match its"
          + " content \\(stored [0-9a-f]{8}, computed [0-9a-f]{8}\\); the file was damaged after it was written; it"
          + " cannot be resumed: start afresh without --resume\n";
      case "empty" -> "\\$DIR/iris.weights.resume: too short to be an nnet checkpoint \\(0 bytes; the header alone is"
          + " 20\\); it cannot be resumed: start afresh without --resume\n";
      default -> "\\$DIR/iris.weights.resume: holds weights but no training state, so it cannot be resumed; start"
          + " afresh without --resume\n";
    };
    assertThat(r.err().replace(dir.toString(), "$DIR")).matches(expected);
    assertThat(Files.readAllBytes(file)).as("left as it was").isEqualTo(bad);
    assertThat(dir.resolve("iris.weights")).doesNotExist();
  }

  @Test
  void resumeWithoutASavedRunIsAUsageError() throws Exception {
    Path model = dir.resolve("iris.nnet");
    Files.writeString(model, model("16", "0.01", iris()));
    Cli.Run r = train(model, "--resume");
    assertThat(r.exitCode()).as("%s", r).isEqualTo(2);
    assertThat(r.err().replace(dir.toString(), "$DIR")).isEqualTo(
        "nnet: --resume: there is no saved run to continue: $DIR/iris.weights.resume does not exist (a run saves"
            + " itself there when interrupted with Ctrl-C, and every --backup-every seconds; give the same --out as"
            + " that run)\n");
  }

  @Test
  void aFreshRunSaysItReplacesASavedRunAndRemovesItWhenDone() throws Exception {
    Path model = setUp(model("16", "0.01", iris()));
    Cli.Run r = train(model, "--epochs", "2");
    assertThat(r.exitCode()).as("%s", r).isZero();
    assertThat(r.err().replace(dir.toString(), "$DIR")).isEqualTo(
        "nnet: note: $DIR/iris.weights.resume holds a saved run; this run starts afresh and will replace it (to"
            + " continue that run instead, add --resume)\n");
    assertThat(dir.resolve("iris.weights.resume")).doesNotExist();
    assertThat(dir.resolve("iris.weights")).exists();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"truncated", "flipped", "empty", "csv", "other architecture"})
  void evaluateRefusesAWeightsFileItCannotTrust(String damage) throws Exception {
    Path model = dir.resolve("iris.nnet");
    Files.writeString(model, model("16", "0.01", iris()));
    Path weights = dir.resolve("bad.weights");
    byte[] good = Files.readAllBytes(finished);
    switch (damage) {
      case "truncated" -> Files.write(weights, Arrays.copyOf(good, good.length - 10));
      case "flipped" -> Files.write(weights, flip(good, good.length / 2));
      case "empty" -> Files.write(weights, new byte[0]);
      case "csv" -> Files.copy(iris(), weights, StandardCopyOption.REPLACE_EXISTING);
      default -> {
        Files.copy(finished, weights);
        Files.writeString(model, model("12", "0.01", iris()));
      }
    }
    Cli.Run r = Cli.run("evaluate", model.toString(), "--weights", weights.toString());
    assertThat(r.exitCode()).as("%s", r).isEqualTo(1);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).doesNotContain("\tat ").doesNotContain("Exception");
    String expected = switch (damage) {
      case "truncated" -> "\\$DIR/bad.weights: the checkpoint is truncated: its header announces \\d+ bytes of content,"
          + " the file holds \\d+; the write was probably interrupted, or the copy is incomplete\n";
      case "flipped" -> "\\$DIR/bad.weights: the checkpoint is corrupted: its checksum does not match its content"
          + " \\(stored [0-9a-f]{8}, computed [0-9a-f]{8}\\); the file was damaged after it was written\n";
      case "empty" -> "\\$DIR/bad.weights: too short to be an nnet checkpoint \\(0 bytes; the header alone is 20\\)\n";
      case "csv" -> "\\$DIR/bad.weights: not an nnet checkpoint \\(it does not start with \"NNETCKPT\"\\)\n";
      default -> "\\$DIR/bad.weights: the checkpoint was saved from network 'Iris' with architecture fingerprint"
          + " [0-9a-f]{16}, but this network 'Iris' has fingerprint [0-9a-f]{16}; it belongs to another model \\(or"
          + " another version of this model file\\): retrain, or use the model it was trained with\n";
    };
    assertThat(r.err().replace(dir.toString(), "$DIR")).matches(expected);
  }

  private static byte[] flip(byte[] good, int at) {
    byte[] bad = good.clone();
    bad[at] ^= 0x10;
    return bad;
  }
}
