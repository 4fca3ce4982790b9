package dev.nnet.cli.usability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.nnet.compiler.CheckResult;
import dev.nnet.compiler.Frontend;
import dev.nnet.compiler.codegen.Generator;
import dev.nnet.compiler.codegen.GeneratorOptions;
import dev.nnet.compiler.javac.ModelCompiler;
import dev.nnet.compiler.model.ModelSpec;
import dev.nnet.runtime.Dataset;
import dev.nnet.runtime.Network;
import dev.nnet.runtime.checkpoint.Checkpoints;
import dev.nnet.runtime.data.DataPipeline;
import dev.nnet.runtime.data.Source;
import dev.nnet.runtime.data.Target;
import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Follows docs/TUTORIAL.md as a reader would, in a scratch folder holding a copy of the samples it names: every
 * line of its {@code sh} blocks is run in order ({@code ./nnet} in-process through {@code Main.run}, {@code javac}
 * and {@code java} as the JDK's own programs), every {@code java} block is saved where its first line says, and
 * every {@code nnet} block must be a sample file word for word. Fashion-MNIST training runs one epoch instead of
 * ten. The Fashion-MNIST steps need the data (Debian's dataset-fashion-mnist); without it only the other steps run,
 * and with {@code CI=true} its absence fails the test.
 */
@Tag("slow") // trains on Fashion-MNIST and runs javac and java
class TutorialTest {
  private static final Path FASHION = Path.of("/usr/share/datasets/fashion-mnist");
  private static final Pattern SAMPLE = Pattern.compile("samples/([a-z_]+)/");

  @TempDir Path work;

  /** A fenced block of the tutorial: its info string, its text and the line it starts on. */
  record Block(String info, String text, int line) {}

  static List<Block> blocks(List<String> lines) {
    List<Block> blocks = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith("```")) {
        String info = lines.get(i).substring(3).strip();
        StringBuilder text = new StringBuilder();
        int start = i + 1;
        for (i++; i < lines.size() && !lines.get(i).startsWith("```"); i++) {
          text.append(lines.get(i)).append('\n');
        }
        blocks.add(new Block(info, text.toString(), start + 1));
      }
    }
    return blocks;
  }

  /** The commands of an {@code sh} block: one per line, comments dropped, {@code \} continuing a line. */
  static List<String> commands(Block block) {
    List<String> commands = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String raw : block.text().split("\n")) {
      String line = raw.replaceAll("\\s+#.*$", "").strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      if (line.endsWith("\\")) {
        current.append(line, 0, line.length() - 1).append(' ');
        continue;
      }
      commands.add(current.append(line).toString().strip());
      current.setLength(0);
    }
    return commands;
  }

  @Test
  void tutorialWorksAsWritten() throws Exception {
    Path root = Cli.repoRoot();
    List<String> lines = Files.readAllLines(root.resolve("docs/TUTORIAL.md"), StandardCharsets.UTF_8);
    boolean fashionData = Files.isRegularFile(FASHION.resolve("train-images-idx3-ubyte.gz"));
    if (!fashionData && "true".equals(System.getenv("CI"))) {
      fail("CI=true but " + FASHION + " is missing: apt-get install dataset-fashion-mnist");
    }
    List<Block> blocks = blocks(lines);
    for (Block b : blocks) {
      Matcher m = SAMPLE.matcher(b.text());
      while (m.find()) {
        if (!Files.isDirectory(work.resolve("samples").resolve(m.group(1)))) {
          Cli.copySample(work, m.group(1));
        }
      }
    }

    List<String> ran = new ArrayList<>();
    List<String> notRun = new ArrayList<>();
    String classifyOutput = null;
    for (Block b : blocks) {
      switch (b.info()) {
        case "sh" -> {
          for (String command : commands(b)) {
            assertThat(command).as("line %d: plain words only, no quoting", b.line()).doesNotContain("\"", "'");
            if (!fashionData && needsFashionData(command)) {
              notRun.add(command);
              continue;
            }
            long start = System.nanoTime();
            String output = run(command, b.line());
            // In the test's output file: where the time goes.
            System.out.printf("%5.1fs  %s%n", (System.nanoTime() - start) / 1e9, command);
            ran.add(command);
            if (command.startsWith("java ")) {
              classifyOutput = output;
            }
          }
        }
        case "java" -> {
          String first = b.text().lines().findFirst().orElseThrow();
          assertThat(first).as("line %d: a java block starts with // PATH", b.line()).startsWith("// ");
          Path file = work.resolve(first.substring(3).strip());
          Files.createDirectories(file.getParent());
          Files.writeString(file, b.text());
        }
        case "nnet" -> assertThat(sampleWithText(root, b.text()))
            .as("line %d: the model shown is a sample file, word for word", b.line()).isPresent();
        case "text", "", "python" -> {
          // Output shown to the reader, a prerequisite to install, or Python for a library the build machine does
          // not have (onnxruntime; OnnxExportTest runs the exported files in ONNX Runtime from Java): not run.
        }
        default -> fail("line " + b.line() + ": a block of unknown kind '" + b.info() + "'");
      }
    }
    assertThat(ran).as("commands run").hasSizeGreaterThanOrEqualTo(fashionData ? 12 : 5);

    // What the first part left behind.
    Png.assertChart(work.resolve("work/rings/rings.history.png"), 2, true);
    assertThat(Files.readAllLines(work.resolve("work/rings/predictions.csv"))).hasSize(301);
    assertThat(work.resolve("work/closet/pom.xml")).exists();

    if (fashionData) {
      long start = System.nanoTime();
      checkFashion(classifyOutput);
      System.out.printf("%5.1fs  exported class against the runtime on the test set%n", (System.nanoTime() - start) / 1e9);
    } else {
      assertThat(notRun).as("without the data only Fashion-MNIST steps are left out")
          .allMatch(TutorialTest::needsFashionData);
    }
  }

  /** Commands that read Fashion-MNIST or what training on it wrote (the summary needs no data). */
  private static boolean needsFashionData(String command) {
    return command.contains("fashion") && !command.startsWith("./nnet summary");
  }

  /** Runs one command of the tutorial in the scratch folder; returns its standard output. */
  private String run(String command, int line) throws IOException, InterruptedException {
    List<String> words = new ArrayList<>(Arrays.asList(command.split("\\s+")));
    String program = words.remove(0);
    switch (program) {
      case "./nnet" -> {
        if (words.get(0).equals("train") && words.get(1).contains("fashion") && !words.contains("--epochs")) {
          // Ten epochs are the reader's few minutes; one, in batches of 128, shows the same steps to a build.
          words.addAll(List.of("--epochs", "1", "--batch-size", "128"));
        }
        Cli.Result r = Cli.run(work, words.toArray(String[]::new));
        assertThat(r.exit()).as("line %d: %s%n%s", line, command, r).isZero();
        return r.out();
      }
      case "javac", "java" -> {
        List<String> process = new ArrayList<>();
        process.add(Path.of(System.getProperty("java.home"), "bin", program).toString());
        process.addAll(words);
        ProcessBuilder pb = new ProcessBuilder(process).directory(work.toFile()).redirectErrorStream(true);
        pb.environment().remove("CLASSPATH");
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        Process p = pb.start();
        byte[] output = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("line %d: %s finished", line, command).isTrue();
        String text = new String(output, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as("line %d: %s%n%s", line, command, text).isZero();
        return text;
      }
      default -> {
        fail("line " + line + ": the tutorial runs only ./nnet, javac and java, not: " + command);
        return "";
      }
    }
  }

  private static Optional<Path> sampleWithText(Path root, String text) throws IOException {
    try (Stream<Path> files = Files.walk(root.resolve("samples"), 2)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        if (f.toString().endsWith(".nnet") && Files.readString(f).equals(text)) {
          return Optional.of(f);
        }
      }
    }
    return Optional.empty();
  }

  /**
   * The exported class, as the tutorial compiled it and with no nnet class visible, predicts the class the runtime
   * predicts for every test picture (a disagreement is allowed only where the runtime's two best probabilities
   * are within 1e-5, a tie in float32); and Classify's count is the runtime's accuracy.
   */
  private void checkFashion(String classifyOutput) throws Exception {
    Path model = work.resolve("samples/fashion_mlp/fashion_mlp.nnet");
    CheckResult checked = Frontend.check(model);
    ModelSpec spec = checked.model().orElseThrow();
    Network net = ModelCompiler.inMemory().instantiate(Generator.generate(spec, GeneratorOptions.defaults()),
        spec.qualifiedName(), Network.class, 500);
    Checkpoints.load(work.resolve("work/fashion/fashion_mlp.weights"), net);
    Dataset raw = DataPipeline.loadForEvaluation(
        new Source.Idx(FASHION.resolve("t10k-images-idx3-ubyte.gz"), FASHION.resolve("t10k-labels-idx1-ubyte.gz"),
            1.0),
        new Target.Classes(10, List.of()), 784, Optional.empty());
    // What the runtime's loader does with the model's `scale 1/255`: one float32 multiplication per pixel.
    float[] scaled = raw.features().clone();
    for (int i = 0; i < scaled.length; i++) {
      scaled[i] *= (float) (1 / 255.0);
    }
    Dataset test = new Dataset(scaled, 784, raw.targets(), 1, raw.rows(), raw.classes());
    int[] order = new int[test.rows()];
    Arrays.setAll(order, i -> i);
    int runtimeRight = 0;
    int disagreements = 0;
    try (URLClassLoader loader = Javac.alone(work.resolve("work/exported"))) {
      Class<?> exported = loader.loadClass("dev.nnet.samples.FashionMlp");
      Object instance = exported.getMethod("load").invoke(null);
      Method predictClass = exported.getMethod("predictClass", float[].class);
      for (int from = 0; from < test.rows(); from += 500) {
        int n = Math.min(500, test.rows() - from);
        net.loadBatch(test, order, from, n);
        net.forward(false);
        for (int r = 0; r < n; r++) {
          int row = from + r;
          double[] p = new double[10];
          int best = 0;
          for (int j = 0; j < 10; j++) {
            p[j] = net.output(r, j);
            best = p[j] > p[best] ? j : best;
          }
          runtimeRight += best == (int) test.targets()[row] ? 1 : 0;
          float[] pixels = Arrays.copyOfRange(raw.features(), row * 784, (row + 1) * 784);
          int guess = (int) predictClass.invoke(instance, (Object) pixels);
          if (guess != best) {
            disagreements++;
            assertThat(Math.abs(p[guess] - p[best])).as("picture %d: exported %d, runtime %d", row, guess, best)
                .isLessThan(1e-5);
          }
        }
      }
    }
    assertThat(disagreements).isLessThanOrEqualTo(2);
    assertThat(runtimeRight).as("one epoch learns Fashion-MNIST").isGreaterThan(7500);
    Matcher count = Pattern.compile("(\\d+) of 10000 right").matcher(classifyOutput);
    assertThat(count.find()).as(classifyOutput).isTrue();
    assertThat(Math.abs(Integer.parseInt(count.group(1)) - runtimeRight)).isLessThanOrEqualTo(disagreements);
    assertThat(classifyOutput).containsPattern("picture 0: [A-Za-z/ -]+ \\(truth: Ankle boot\\)");
  }
}
