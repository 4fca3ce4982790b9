package dev.nnet.cli.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nnet.cli.Cli;
import dev.nnet.cli.Main;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The findings of issue 18 (an adversarial user's session) at the command line, one nested class per finding: no
 * output replaces what is not a regular file; inputs of every size end in a message, never a trace; no work is lost
 * to a bad output path; {@code predict} matches columns by name; messages quote little of the input; and the
 * smaller points. Each test failed before its fix.
 */
class HardeningTest {
  @TempDir static Path shared;

  /** The iris model trained for a few epochs, and its weights: for predict and the output tests. */
  private static Path model;

  private static Path weights;

  @TempDir Path dir;

  @BeforeAll
  static void trainIris() throws IOException {
    Path csv = Cli.repoRoot().resolve("samples/iris/iris.csv");
    model = shared.resolve("iris.nnet");
    Files.writeString(model, """
        model Iris
        input [4]
        dense 8 relu
        dense 3 softmax
        loss sparse_categorical_crossentropy
        metrics accuracy
        optimizer adam(learning_rate = 0.01)
        train { batch_size 16  epochs 3  seed 7 }
        data {
          train csv("%s", label = "species")
          standardize
        }
        """.formatted(csv));
    weights = shared.resolve("iris.weights");
    Cli.Run run = Cli.run("train", model.toString(), "-o", weights.toString(), "--no-plot");
    assertThat(run.exitCode()).as("%s", run).isZero();
  }

  static Path mkfifo(Path where) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("mkfifo", where.toString()).inheritIO().start();
    assertThat(p.waitFor()).as("mkfifo").isZero();
    return where;
  }

  static void assertNoTrace(Cli.Run run) {
    assertThat(run.err()).as("%s", run).doesNotContain("\tat ").doesNotContain("internal error")
        .doesNotContain("Exception").doesNotContain("Error:");
  }

  /** 1. An output path that is not a regular file is refused, never replaced; {@code -} is standard output. */
  @Nested
  class Outputs {
    @Test
    void aFifoAndALinkToOneAreRefusedAndLeftAFifo() throws Exception {
      Path fifo = mkfifo(dir.resolve("fifo.csv"));
      Path link = Files.createSymbolicLink(dir.resolve("link.csv"), fifo);
      Path input = dir.resolve("input.csv");
      Files.writeString(input, "sepal_length,sepal_width,petal_length,petal_width\n5.1,3.5,1.4,0.2\n");
      for (Path target : List.of(fifo, link)) {
        Cli.Run run = Cli.run("predict", model.toString(), "--weights", weights.toString(), "--input",
            input.toString(), "-o", target.toString());
        assertThat(run.exitCode()).as("%s", run).isEqualTo(1);
        assertThat(run.err()).contains(target + ": is not a regular file").contains("writes only to regular files");
        assertNoTrace(run);
        assertThat(Files.isRegularFile(fifo)).isFalse();
        assertThat(Files.isSymbolicLink(link)).isTrue();
      }
      try (var files = Files.list(dir)) {
        assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
      }
    }

    @Test
    void trainRefusesADeviceAsItsOutputBeforeTraining() throws Exception {
      Path fifo = mkfifo(dir.resolve("w.weights"));
      Cli.Run run = Cli.run("train", model.toString(), "-o", fifo.toString());
      assertThat(run.exitCode()).as("%s", run).isEqualTo(1);
      assertThat(run.err()).contains("cannot write the trained model").contains("is not a regular file");
      assertThat(run.out()).as("refused before training").doesNotContain("epoch");
      assertThat(Files.isRegularFile(fifo)).isFalse();
    }

    @Test
    void aLinkToARegularFileIsWrittenThroughAndStaysALink() throws Exception {
      Path real = dir.resolve("real.csv");
      Files.writeString(real, "old");
      Path link = Files.createSymbolicLink(dir.resolve("link.csv"), real);
      Path input = dir.resolve("input.csv");
      Files.writeString(input, "sepal_length,sepal_width,petal_length,petal_width\n5.1,3.5,1.4,0.2\n");
      Cli.Run run = Cli.run("predict", model.toString(), "--weights", weights.toString(), "--input",
          input.toString(), "-o", link.toString());
      assertThat(run.exitCode()).as("%s", run).isZero();
      assertThat(Files.isSymbolicLink(link)).isTrue();
      assertThat(Files.readString(real)).startsWith("class,p_");
    }

    @Test
    void dashMeansStandardOutput() throws Exception {
      Path input = dir.resolve("input.csv");
      Files.writeString(input, "sepal_length,sepal_width,petal_length,petal_width\n5.1,3.5,1.4,0.2\n");
      Cli.Run run = Cli.run("predict", model.toString(), "--weights", weights.toString(), "--input",
          input.toString(), "-o", "-");
      assertThat(run.exitCode()).as("%s", run).isZero();
      assertThat(run.out()).startsWith("class,p_");
      assertThat(Path.of("-")).doesNotExist();
    }

    @Test
    void generatedSourcesFollowTheUmaskNotMode600() throws Exception {
      Cli.Run run = Cli.run("generate", model.toString(), "-d", dir.resolve("gen").toString());
      assertThat(run.exitCode()).as("%s", run).isZero();
      Path java = dir.resolve("gen/Iris.java");
      assertThat(Files.getPosixFilePermissions(java)).contains(PosixFilePermission.OWNER_READ)
          .as("readable by others under the usual umask 022").contains(PosixFilePermission.OTHERS_READ);
    }
  }

  /** 2. Inputs that reached a stack trace or an internal error. */
  @Nested
  class NoTraces {
    @Test
    void deeplyNestedBracketsAreADiagnostic() throws Exception {
      Path m = dir.resolve("deep.nnet");
      Files.writeString(m, "model M\ninput " + "[".repeat(5000) + "\n");
      Cli.Run run = Cli.run("check", m.toString());
      assertThat(run.exitCode()).as("%s", run).isEqualTo(1);
      assertThat(run.err() + run.out()).contains("error[E007]").contains("nested more than 32 deep");
      assertNoTrace(run);
    }

    @Test
    void aDataPathToADeviceOrAFifoIsRefusedAtOnce() throws Exception {
      Path fifo = mkfifo(dir.resolve("data.csv"));
      for (String path : List.of("/dev/zero", fifo.toString())) {
        // In the model file (csv("/dev/zero") ran out of memory after 15 s; a FIFO hung for ever)...
        Path m = dir.resolve("m.nnet");
        Files.writeString(m, Files.readString(model).replaceAll("csv\\(\"[^\"]*\"", "csv(\"" + path + "\""));
        Cli.Run run = Cli.run("train", m.toString(), "-o", dir.resolve("w.weights").toString());
        assertThat(run.exitCode()).as("%s", run).isEqualTo(1);
        assertThat(run.err()).contains(path + ": is not a regular file");
        assertNoTrace(run);
        // ...and on the command line.
        Cli.Run option = Cli.run("train", model.toString(), "--data", path, "-o", dir.resolve("w.weights").toString());
        assertThat(option.exitCode()).as("%s", option).isEqualTo(2);
        assertThat(option.err()).contains("data file " + path + " is not a regular file");
      }
    }

    @Test
    void hugeBatchSizesAndThreadCountsAreRefusedWithAMessage() throws Exception {
      Cli.Run run = Cli.run("train", model.toString(), "--batch-size", "2147483647", "-o",
          dir.resolve("w.weights").toString());
      assertThat(run.exitCode()).as("%s", run).isEqualTo(2);
      assertThat(run.err()).contains("--batch-size: a batch of 2,147,483,647 samples").contains("largest batch");
      Cli.Run threads = Cli.run("train", model.toString(), "--threads", "100000", "-o",
          dir.resolve("w.weights").toString());
      assertThat(threads.exitCode()).as("%s", threads).isEqualTo(2);
      assertThat(threads.err()).contains("--threads must be at most 1024");
      assertNoTrace(run);
      assertNoTrace(threads);
    }

    @Test
    void generateIntoAFileOrADanglingLinkIsAUsageError() throws Exception {
      Path file = Files.writeString(dir.resolve("afile"), "x");
      Path dangling = Files.createSymbolicLink(dir.resolve("dangling"), dir.resolve("nowhere"));
      for (Path d : List.of(file, dangling)) {
        Cli.Run run = Cli.run("generate", model.toString(), "-d", d.toString());
        assertThat(run.exitCode()).as("%s", run).isEqualTo(2);
        assertThat(run.err()).contains("-d " + d);
        assertNoTrace(run);
      }
    }

    @Test
    void plotCopesWithHugeValuesRepeatedEpochsAndNonUtf8() throws Exception {
      Path history = dir.resolve("h.history.csv");
      Files.writeString(history, "epoch,seconds,loss,val_loss\n1,0.1,1e308,-1e308\n2,0.1,-1e308,5\n2,0.1,3,4\n"
          + "3,0.1,1,2\n");
      Cli.Run run = Cli.run("plot", history.toString());
      assertThat(run.exitCode()).as("%s", run).isZero();
      assertThat(dir.resolve("h.history.png")).isNotEmptyFile();

      Path binary = dir.resolve("b.history.csv");
      Files.write(binary, new byte[] {'e', 'p', 'o', 'c', 'h', ',', 's', '\n', (byte) 0xff, (byte) 0xfe, '\n'});
      Cli.Run bad = Cli.run("plot", binary.toString());
      assertThat(bad.exitCode()).as("%s", bad).isEqualTo(1);
      assertThat(bad.err()).contains("not UTF-8 text");
      assertNoTrace(bad);
    }

    @Test
    void aStackOverflowAnywhereIsAMessageNotATrace() {
      // Main's last line of defence: Errors pass picocli's handler, so it catches them itself.
      java.io.StringWriter err = new java.io.StringWriter();
      int code = Main.run(new String[] {"check", "/dev/null"}, new java.io.PrintWriter(new java.io.StringWriter()),
          new java.io.PrintWriter(err) {
            @Override
            public void println(String x) {
              if (x != null && x.startsWith("nnet:") && !x.contains("nested too deeply")) {
                throw new StackOverflowError();
              }
              super.println(x);
            }
          });
      assertThat(code).isEqualTo(1);
      assertThat(err.toString()).contains("nested too deeply").doesNotContain("\tat ");
    }
  }

  /** 3. A bad output path fails before training, not after it. */
  @Nested
  class NoLostWork {
    @Test
    void anOutputUnderAFileFailsBeforeTraining() throws Exception {
      Path file = Files.writeString(dir.resolve("afile"), "x");
      Cli.Run run = Cli.run("train", model.toString(), "-o", file.resolve("w.weights").toString());
      assertThat(run.exitCode()).as("%s", run).isEqualTo(1);
      assertThat(run.err()).contains("cannot write the trained model").contains("is not a folder");
      assertThat(run.out()).doesNotContain("epoch");
    }
  }

  /** 4. predict matches columns by name and flags outputs that are not finite. */
  @Nested
  class Predict {
    @Test
    void columnsInAnotherOrderAreMatchedByName() throws Exception {
      Path ordered = dir.resolve("ordered.csv");
      Files.writeString(ordered, "sepal_length,sepal_width,petal_length,petal_width\n6.3,3.3,6.0,2.5\n"
          + "5.1,3.5,1.4,0.2\n");
      Path shuffled = dir.resolve("shuffled.csv");
      Files.writeString(shuffled, "petal_width,extra,petal_length,sepal_width,sepal_length\n2.5,0,6.0,3.3,6.3\n"
          + "0.2,0,1.4,3.5,5.1\n");
      Cli.Run a = Cli.run("predict", model.toString(), "--weights", weights.toString(), "--input", ordered.toString());
      Cli.Run b = Cli.run("predict", model.toString(), "--weights", weights.toString(), "--input", shuffled.toString());
      assertThat(a.exitCode()).as("%s", a).isZero();
      assertThat(b.exitCode()).as("%s", b).isZero();
      assertThat(b.out()).isEqualTo(a.out());
      assertThat(b.err()).contains("ignoring input column 'extra'");
    }

    @Test
    void aMissingColumnIsNamed() throws Exception {
      Path input = dir.resolve("missing.csv");
      Files.writeString(input, "sepal_length,sepal_width,petal_length,petal_size\n6.3,3.3,6.0,2.5\n");
      Cli.Run run = Cli.run("predict", model.toString(), "--weights", weights.toString(), "--input", input.toString());
      assertThat(run.exitCode()).as("%s", run).isEqualTo(1);
      assertThat(run.err()).contains("trained on columns the input lacks: 'petal_width'");
    }

    @Test
    void nonFiniteOutputsAreFlagged() throws Exception {
      Path input = dir.resolve("huge.csv");
      Files.writeString(input, "sepal_length,sepal_width,petal_length,petal_width\n3e38,3e38,-3e38,3e38\n"
          + "5.1,3.5,1.4,0.2\n");
      Cli.Run run = Cli.run("predict", model.toString(), "--weights", weights.toString(), "--input", input.toString());
      assertThat(run.exitCode()).as("%s", run).isEqualTo(1);
      assertThat(run.err()).contains("1 of 2 rows gave outputs that are not finite numbers")
          .contains("input line 2");
    }
  }

  /** 5. Messages quote at most about 200 characters of the input, with control characters escaped. */
  @Nested
  class Floods {
    @Test
    void aHugeHeaderAndEscapeSequencesAreCutAndEscaped() throws Exception {
      Path data = dir.resolve("flood.csv");
      String name = "\u001b[31m" + "x".repeat(1_000_000);
      Files.writeString(data, "a,b,c," + name + ",species\n1,2,3,four,setosa\n");
      Cli.Run run = Cli.run("train", model.toString(), "--data", data.toString(), "-o",
          dir.resolve("w.weights").toString());
      assertThat(run.exitCode()).as("%s", run.exitCode()).isEqualTo(1);
      assertThat(run.err()).doesNotContain("\u001b").contains("\\u001b[31m");
      assertThat(run.err().length()).isLessThan(2_000);
    }
  }

  /** 7. The smaller points. */
  @Nested
  class Smaller {
    @Test
    void exportRefusesNamesJavacWouldRefuse() throws Exception {
      for (String[] names : List.of(new String[] {"--package", "java.lang"}, new String[] {"--class", "String"})) {
        Cli.Run run = Cli.run("export", model.toString(), "--weights", weights.toString(), "-d",
            dir.resolve("out").toString(), names[0], names[1]);
        assertThat(run.exitCode()).as("%s", run).isEqualTo(2);
        assertThat(dir.resolve("out")).doesNotExist();
      }
    }

    @Test
    void generateIntoARelativeFolderSaysWrote() throws Exception {
      // Relative to the process's own working folder: in-process runs resolve paths against a folder given to them.
      ChildJvm first = ChildJvm.start(dir, "first", "generate", model.toString(), "-d", "gen");
      assertThat(first.waitFor(ChildJvm.PATIENCE_MILLIS)).as("%s", first.err()).isZero();
      assertThat(first.out()).isEqualTo("wrote gen/Iris.java\n");
      ChildJvm again = ChildJvm.start(dir, "again", "generate", model.toString(), "-d", "gen");
      assertThat(again.waitFor(ChildJvm.PATIENCE_MILLIS)).as("%s", again.err()).isZero();
      assertThat(again.out()).isEqualTo("unchanged gen/Iris.java\n");
    }
  }

  /** 9. Help texts are wrapped once, by the help formatter: each description paragraph is one line of source. */
  @Nested
  class Help {
    @Test
    void descriptionsAreParagraphsNotPreWrappedLines() {
      assertParagraphs(Main.commands());
    }

    private void assertParagraphs(CommandLine.Model.CommandSpec spec) {
      String[] lines = spec.usageMessage().description();
      for (int i = 1; i < lines.length; i++) {
        assertThat(lines[i - 1].isBlank() || lines[i].isBlank())
            .as("%s: description lines %d and %d would be wrapped twice: '%s' / '%s'", spec.qualifiedName(), i, i + 1,
                lines[i - 1], lines[i])
            .isTrue();
      }
      for (CommandLine sub : spec.subcommands().values()) {
        assertParagraphs(sub.getCommandSpec());
      }
    }
  }

  static Set<String> names(Path folder) throws IOException {
    try (var s = Files.list(folder)) {
      return s.map(p -> p.getFileName().toString()).collect(java.util.stream.Collectors.toSet());
    }
  }

  static String read(Path p) throws IOException {
    return Files.readString(p, StandardCharsets.UTF_8);
  }
}
