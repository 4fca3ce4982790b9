package dev.nnet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exit codes and messages of check, summary and generate: 0 success, 1 input errors, 2 usage errors. */
class CommandLineTest {
  @TempDir Path tmp;

  @Test
  void cleanSamplesCheckSilently() {
    Cli.Run run =
        Cli.run("check", Cli.sample("iris").toString(), Cli.sample("fashion_mlp").toString());
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.err()).isEmpty();
  }

  @Test
  void errorsPointIntoTheFileAndExitOne() throws Exception {
    Path bad = tmp.resolve("bad.nnet");
    Files.writeString(
        bad,
        "model Bad\ninput [28, 28]\ndense 128 relu\ndense 10 sofmax\nloss categorical_crossentropy\n");
    Cli.Run run = Cli.run("check", bad.toString());
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err())
        .contains(bad + ":3:1: error[E040]: dense needs a 1-D input, got (None, 28, 28)")
        .contains("hint: add `flatten`")
        .contains(bad + ":4:10: error[E022]")
        .contains("did you mean `softmax`?")
        .doesNotContain("\tat ");
  }

  @Test
  void missingFileIsAUsageError() {
    Cli.Run run = Cli.run("check", tmp.resolve("nope.nnet").toString());
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("model file not found").contains("Usage:");
  }

  @Test
  void unknownOptionIsAUsageError() {
    Cli.Run run = Cli.run("train", Cli.sample("iris").toString(), "--epochz", "3");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("Unknown option").contains("'--epochz'").contains("Usage: nnet train");
  }

  @Test
  void summaryGivesKerasParameterCounts() {
    Cli.Run run = Cli.run("summary", Cli.sample("fashion_mlp").toString());
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out()).contains("101,770");
    assertThat(Cli.run("summary", Cli.sample("keras_mnist_mlp").toString()).out()).contains("669,706");
    assertThat(Cli.run("summary", Cli.sample("keras_mnist_convnet").toString()).out()).contains("34,826");
  }

  @Test
  void generateWritesTheClassInItsPackageFolder() throws Exception {
    Cli.Run run = Cli.run("generate", Cli.sample("iris").toString(), "-d", tmp.toString());
    assertThat(run.exitCode()).as(run.toString()).isZero();
    Path source = tmp.resolve("dev/nnet/samples/Iris.java");
    assertThat(source).exists();
    assertThat(Files.readString(source)).contains("public final class Iris extends FloatNetwork");
    // A second run with nothing changed leaves the file alone. The file is dated far in the past first, so that a
    // rewrite shows however coarse the file system's clock (a sleep of a few milliseconds would not show it on one
    // that counts seconds).
    FileTime past = FileTime.fromMillis(946_684_800_000L); // 2000-01-01
    Files.setLastModifiedTime(source, past);
    assertThat(Cli.run("generate", Cli.sample("iris").toString(), "-d", tmp.toString()).out()).contains("unchanged");
    assertThat(Files.getLastModifiedTime(source)).isEqualTo(past);
  }
}
