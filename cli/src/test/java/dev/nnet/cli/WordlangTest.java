package dev.nnet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * samples/wordlang (which of 7 languages a word comes from) end to end through the command line: the GRU model and
 * the conv1d model train to issue 15's bars, {@code predict} reads raw words (the test CSV, and a plain file of one
 * word per line), and the exported JDK-only class, fed the same raw words (to {@code predictLabel(String)}, and one a
 * line to its {@code main}), predicts exactly what the runtime does on the whole test set, also for a GRU after an
 * embedding with mask_zero (the class skips the padding as the runtime does).
 */
@Tag("slow") // trains on 33,600 words and compiles the exported class
class WordlangTest {
  @TempDir Path tmp;

  private static Path sample(String file) {
    return Cli.repoRoot().resolve("samples").resolve("wordlang").resolve(file);
  }

  @Test
  void recurrentModelReachesTheIssuesBarPredictsRawWordsAndItsExportAgreesOnEveryTestWord() throws Exception {
    Path weights = tmp.resolve("wordlang.weights");
    Path json = tmp.resolve("run.json");
    Cli.Run train = Cli.run("train", sample("wordlang.nnet").toString(), "-o", weights.toString(), "--json",
        json.toString());
    assertThat(train.exitCode()).as(train.toString()).isZero();
    // embedding 32, GRU 64, dense 7: measured 0.849 (seed 7, 10 epochs, one and two threads the same; 2026-12-05);
    // issue 15 asks 0.84 of a recurrent model in at most 10 epochs
    assertThat(TrainingTest.testValue(Files.readString(json), "accuracy")).isGreaterThanOrEqualTo(0.84);

    Cli.Run predicted = Cli.run("predict", sample("wordlang.nnet").toString(), "--weights", weights.toString(),
        "--input", sample("test.csv").toString());
    assertThat(predicted.exitCode()).as(predicted.toString()).isZero();
    List<String> runtime = labels(predicted.out());
    List<String> words = testWords();
    assertThat(runtime).hasSize(words.size());

    // the same words as a plain file, one per line
    Path plain = tmp.resolve("words.txt");
    Files.write(plain, words, StandardCharsets.UTF_8);
    Cli.Run fromPlain = Cli.run("predict", sample("wordlang.nnet").toString(), "--weights", weights.toString(),
        "--input", plain.toString());
    assertThat(labels(fromPlain.out())).isEqualTo(runtime);

    exportAgrees(sample("wordlang.nnet"), weights, "Wordlang", words, runtime);
  }

  @Test
  void maskedGruExportAgreesOnEveryTestWord() throws Exception {
    // wordlang's recurrent model with mask_zero, smaller and one epoch: the point is the export's agreement
    Path nnet = tmp.resolve("wordlang_masked.nnet");
    Files.writeString(nnet, "model WordlangMasked\npackage dev.nnet.samples\n"
        + "input text(max_length = 20, max_tokens = 64, split = \"characters\")\n"
        + "embedding output_dim = 16 mask_zero = true\ngru 16\ndense 7 softmax\n"
        + "loss sparse_categorical_crossentropy\nmetrics accuracy\noptimizer adam(learning_rate = 0.003)\n"
        + "train { batch_size 64  epochs 1  seed 7 }\ndata {\n"
        + "  train csv(\"" + sample("train.csv") + "\", text = \"word\", label = \"language\")\n"
        + "  test csv(\"" + sample("test.csv") + "\", text = \"word\", label = \"language\")\n}\n");
    Path weights = tmp.resolve("wordlang_masked.weights");
    Cli.Run train = Cli.run("train", nnet.toString(), "-o", weights.toString());
    assertThat(train.exitCode()).as(train.toString()).isZero();
    Cli.Run predicted = Cli.run("predict", nnet.toString(), "--weights", weights.toString(), "--input",
        sample("test.csv").toString());
    assertThat(predicted.exitCode()).as(predicted.toString()).isZero();
    List<String> runtime = labels(predicted.out());
    List<String> words = testWords();
    assertThat(runtime).hasSize(words.size());
    // a model that learned something: more than one language predicted
    assertThat(runtime.stream().distinct().count()).isGreaterThan(1);
    exportAgrees(nnet, weights, "WordlangMasked", words, runtime);
  }

  private static List<String> testWords() throws java.io.IOException {
    List<String> words = new ArrayList<>();
    for (String line : Files.readAllLines(sample("test.csv"), StandardCharsets.UTF_8).subList(1, 8401)) {
      words.add(line.substring(0, line.indexOf(',')));
    }
    return words;
  }

  /**
   * {@code ./nnet export}, javac on the class alone, and its predictLabel for every word, and its main fed the words
   * one a line, equal to {@code runtime}.
   */
  private void exportAgrees(Path nnet, Path weights, String name, List<String> words, List<String> runtime)
      throws Exception {
    Path dir = tmp.resolve("export-" + name);
    Cli.Run export = Cli.run("export", nnet.toString(), "--weights", weights.toString(), "-d", dir.toString());
    assertThat(export.exitCode()).as(export.toString()).isZero();
    Path source = dir.resolve("dev/nnet/samples/" + name + ".java");
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    assertThat(javac.run(null, null, null, "-d", dir.toString(), source.toString())).isZero();
    try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, null)) {
      Class<?> cls = loader.loadClass("dev.nnet.samples." + name);
      Object model = cls.getMethod("load").invoke(null);
      Method label = cls.getMethod("predictLabel", String.class);
      for (int i = 0; i < words.size(); i++) {
        assertThat(label.invoke(model, words.get(i))).as("word %d '%s'", i, words.get(i)).isEqualTo(runtime.get(i));
      }
    }
    // its main, run by the JDK alone, reads one raw word a line and prints a language a line
    Path input = tmp.resolve("words-" + name + ".txt");
    Files.write(input, words, StandardCharsets.UTF_8);
    Process main = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-cp", dir.toString(),
        "dev.nnet.samples." + name)
        .redirectInput(input.toFile())
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
    String out = new String(main.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(main.waitFor()).isZero();
    assertThat(List.of(out.split("\n"))).isEqualTo(runtime);
  }

  @Test
  void conv1dModelReachesTheIssuesBar() throws Exception {
    // embedding 32, conv1d 64x3 relu, global max pooling, dense 7: measured 0.824 (seed 7, 10 epochs, one and two
    // threads; 2026-12-05); issue 15 asks 0.81, which PyTorch's same model reaches (0.827 here)
    Path json = tmp.resolve("conv.json");
    Cli.Run train = Cli.run("train", sample("wordlang_conv.nnet").toString(), "-o",
        tmp.resolve("wordlang_conv.weights").toString(), "--json", json.toString());
    assertThat(train.exitCode()).as(train.toString()).isZero();
    assertThat(TrainingTest.testValue(Files.readString(json), "accuracy")).isGreaterThanOrEqualTo(0.81);
  }

  /** The first column of predict's output, without its header. */
  private static List<String> labels(String out) {
    List<String> labels = new ArrayList<>();
    String[] lines = out.split("\n");
    for (int i = 1; i < lines.length; i++) {
      labels.add(lines[i].substring(0, lines[i].indexOf(',')));
    }
    return labels;
  }
}
