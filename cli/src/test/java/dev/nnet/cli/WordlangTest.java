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
 * samples/wordlang (which of 7 languages a word comes from) end to end through the command line: the text model
 * trains to its bar, {@code predict} reads raw words (the test CSV, and a plain file of one word per line), and
 * the exported JDK-only class, fed the same raw words, predicts exactly what the runtime does on the whole test set.
 */
@Tag("slow") // trains on 33,600 words and compiles the exported class
class WordlangTest {
  @TempDir Path tmp;

  private static Path sample(String file) {
    return Cli.repoRoot().resolve("samples").resolve("wordlang").resolve(file);
  }

  @Test
  void embeddingModelTrainsPredictsRawWordsAndItsExportAgreesOnEveryTestWord() throws Exception {
    Path weights = tmp.resolve("wordlang_embed.weights");
    Path json = tmp.resolve("run.json");
    Cli.Run train = Cli.run("train", sample("wordlang_embed.nnet").toString(), "-o", weights.toString(), "--json",
        json.toString());
    assertThat(train.exitCode()).as(train.toString()).isZero();
    // measured 0.661 (seed 7, 10 epochs; 2026-12-04); the margin covers summation order on other machines
    assertThat(TrainingTest.testValue(Files.readString(json), "accuracy")).isGreaterThanOrEqualTo(0.63);

    Cli.Run predicted = Cli.run("predict", sample("wordlang_embed.nnet").toString(), "--weights", weights.toString(),
        "--input", sample("test.csv").toString());
    assertThat(predicted.exitCode()).as(predicted.toString()).isZero();
    List<String> runtime = labels(predicted.out());
    List<String> words = new ArrayList<>();
    for (String line : Files.readAllLines(sample("test.csv"), StandardCharsets.UTF_8).subList(1, 8401)) {
      words.add(line.substring(0, line.indexOf(',')));
    }
    assertThat(runtime).hasSize(words.size());

    // the same words as a plain file, one per line
    Path plain = tmp.resolve("words.txt");
    Files.write(plain, words, StandardCharsets.UTF_8);
    Cli.Run fromPlain = Cli.run("predict", sample("wordlang_embed.nnet").toString(), "--weights", weights.toString(),
        "--input", plain.toString());
    assertThat(labels(fromPlain.out())).isEqualTo(runtime);

    Path dir = tmp.resolve("export");
    Cli.Run export = Cli.run("export", sample("wordlang_embed.nnet").toString(), "--weights", weights.toString(), "-d",
        dir.toString());
    assertThat(export.exitCode()).as(export.toString()).isZero();
    Path source = dir.resolve("dev/nnet/samples/WordlangEmbed.java");
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    assertThat(javac.run(null, null, null, "-d", dir.toString(), source.toString())).isZero();
    try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, null)) {
      Class<?> cls = loader.loadClass("dev.nnet.samples.WordlangEmbed");
      Object model = cls.getMethod("load").invoke(null);
      Method label = cls.getMethod("predictLabel", String.class);
      for (int i = 0; i < words.size(); i++) {
        assertThat(label.invoke(model, words.get(i))).as("word %d '%s'", i, words.get(i)).isEqualTo(runtime.get(i));
      }
    }
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
