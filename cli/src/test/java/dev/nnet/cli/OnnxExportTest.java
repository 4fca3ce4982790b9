package dev.nnet.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.nnet.compiler.model.ModelSpec;
import dev.nnet.runtime.Dataset;
import dev.nnet.runtime.Network;
import dev.nnet.runtime.checkpoint.Checkpoint;
import dev.nnet.runtime.checkpoint.Checkpoints;
import dev.nnet.runtime.checkpoint.SavedParameter;
import dev.nnet.runtime.data.DataBlock;
import dev.nnet.runtime.data.DataPipeline;
import dev.nnet.runtime.data.DataPlan;
import dev.nnet.runtime.data.Source;
import dev.nnet.runtime.train.Training;
import dev.nnet.runtime.train.TrainingPlan;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/**
 * {@code nnet export --format onnx}: every sample, trained briefly through the command line and exported, runs in
 * ONNX Runtime on its whole test set (raw rows, as the data files hold them) and gives the runtime's probabilities to
 * 1e-5 and its predicted classes; every file passes ONNX's checker (Debian's python3-onnx); a piece the graph cannot
 * express fails the export with exit 1 and one line. The Fashion-MNIST-shaped samples are tagged slow.
 */
class OnnxExportTest {
  @TempDir Path tmp;

  @ParameterizedTest
  @CsvSource({"iris, 10", "breast_cancer, 5", "digits, 3", "digits_cnn, 1"})
  void smallSamplesComputeInOnnxRuntimeWhatTheRuntimeComputes(String sample, int epochs) throws Exception {
    exportAndCompare(sample, Cli.sample(sample), epochs);
  }

  @Tag("slow")
  @ParameterizedTest
  @CsvSource({"fashion_mlp", "fashion_cnn", "keras_mnist_mlp", "keras_mnist_convnet"})
  void fashionMnistSamplesComputeInOnnxRuntimeWhatTheRuntimeComputes(String sample) throws Exception {
    FashionMnistTest.requireData();
    exportAndCompare(sample, withTrainingSubset(Cli.sample(sample), 3_000), 1);
  }

  /**
   * A copy of {@code model} whose training data is the first {@code rows} Fashion-MNIST training images: an epoch
   * of them gives weights far from their initial values in seconds, where the whole set took minutes, and the
   * export is still compared on every row of the sample's own test data.
   */
  private Path withTrainingSubset(Path model, int rows) throws IOException {
    Path images = FashionMnistTest.DATA;
    Path labels = images.resolveSibling("train-labels-idx1-ubyte.gz");
    Path smallImages = tmp.resolve("train-images-idx3-ubyte.gz");
    Path smallLabels = tmp.resolve("train-labels-idx1-ubyte.gz");
    if (!Files.exists(smallImages)) {
      firstRecords(images, smallImages, 16, rows, 28 * 28);
      firstRecords(labels, smallLabels, 8, rows, 1);
    }
    String text = Files.readString(model, StandardCharsets.UTF_8);
    assertThat(text).contains(images.toString(), labels.toString());
    Path copy = tmp.resolve(model.getFileName());
    Files.writeString(copy, text.replace(images.toString(), smallImages.toString())
        .replace(labels.toString(), smallLabels.toString()), StandardCharsets.UTF_8);
    return copy;
  }

  /** Writes the IDX file {@code from}'s header, its count set to {@code rows}, and its first rows' bytes. */
  private static void firstRecords(Path from, Path to, int header, int rows, int bytesPerRow) throws IOException {
    try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(from));
        var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(to))) {
      byte[] head = in.readNBytes(header);
      java.nio.ByteBuffer.wrap(head).putInt(4, rows); // big-endian count after the magic number
      out.write(head);
      out.write(in.readNBytes(rows * bytesPerRow));
    }
  }

  @Test
  void aValueTheFloat32GraphCannotHoldFailsWithOneLine() throws Exception {
    Path dir = tmp.resolve("wide");
    Files.createDirectories(dir);
    Files.copy(Cli.sample("iris").resolveSibling("iris.csv"), dir.resolve("iris.csv"));
    Path model = dir.resolve("iris64.nnet");
    Files.writeString(model, Files.readString(Cli.sample("iris"))
        .replace("model Iris", "model Iris64\nprecision float64"));
    Path weights = tmp.resolve("iris64.weights");
    train(model, weights, 1);
    // A float64 weight beyond float32's range: the checkpoint holds it, the float32 graph cannot.
    Checkpoint c = Checkpoints.read(weights);
    List<SavedParameter> parameters = new ArrayList<>();
    for (SavedParameter p : c.parameters()) {
      double[] v = p.values();
      if (p.name().equals("dense1.kernel")) {
        v[3] = 1e300;
      }
      parameters.add(new SavedParameter(p.name(), p.shape(), p.trainable(), p.isDouble(), v));
    }
    Checkpoints.save(weights, new Checkpoint(c.networkName(), c.fingerprint(), c.isDouble(), parameters, c.arrays(),
        c.classes(), c.metadata(), c.trainingState()));
    Path onnx = tmp.resolve("iris64.onnx");

    Cli.Run run = Cli.run("export", model.toString(), "--weights", weights.toString(), "--format", "onnx", "-o",
        onnx.toString());

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(Main.EXIT_INPUT_ERROR);
    assertThat(run.err()).endsWith("iris64.nnet: cannot export to ONNX: layer dense1: dense1.kernel holds"
        + " 1.0E300, beyond float32's range; the ONNX graph computes in float32\n");
    assertThat(run.err().lines()).hasSize(1);
    assertThat(onnx).doesNotExist();
  }

  @Test
  void optionsOfTheOtherFormatAreUsageErrors() throws Exception {
    String iris = Cli.sample("iris").toString();
    Cli.Run noFile = Cli.run("export", iris, "--weights", "w", "--format", "onnx");
    assertThat(noFile.exitCode()).isEqualTo(Main.EXIT_USAGE);
    assertThat(noFile.err()).startsWith("nnet: --format onnx needs -o FILE, the .onnx file to write\n");
    Cli.Run dir = Cli.run("export", iris, "--weights", "w", "--format", "onnx", "-o", "x.onnx", "-d", "out");
    assertThat(dir.exitCode()).isEqualTo(Main.EXIT_USAGE);
    Cli.Run java = Cli.run("export", iris, "--weights", "w", "-o", "x.onnx");
    assertThat(java.exitCode()).isEqualTo(Main.EXIT_USAGE);
    Cli.Run other = Cli.run("export", iris, "--weights", "w", "--format", "tflite", "-o", "x");
    assertThat(other.exitCode()).isEqualTo(Main.EXIT_USAGE);
    assertThat(other.err()).startsWith("nnet: --format must be java or onnx, got 'tflite'\n");
  }

  private void exportAndCompare(String sample, Path model, int epochs) throws Exception {
    Path weights = tmp.resolve(sample + ".weights");
    train(model, weights, epochs);
    Path onnx = tmp.resolve(sample + ".onnx");
    Cli.Run export = Cli.run("export", model.toString(), "--weights", weights.toString(), "--format", "onnx", "-o",
        onnx.toString());
    assertThat(export.exitCode()).as(export.toString()).isZero();
    assertThat(export.out()).startsWith("wrote " + onnx + " (ONNX opset 17, ");
    assertPassesOnnxChecker(onnx);

    CommandLine cmd = new CommandLine(new EvaluateCommand());
    TrainedModel trained = TrainedModel.load(cmd, model, weights);
    ModelSpec m = trained.spec();
    TrainingPlan trainingPlan = CompiledModel.plan(trained.network());
    DataBlock block = trainingPlan.data().orElseThrow().resolve(DataOptions.base(model));
    DataPlan plan = Training.of(trained.network(), trainingPlan).dataPlan(block, Optional.empty());
    Dataset prepared = DataPipeline.prepare(plan).test().orElseThrow();
    // The same rows as the data files hold them: no scale, no standardization, split and ordered alike.
    DataPlan rawPlan = new DataPlan(raw(plan.train()), plan.test().map(OnnxExportTest::raw), plan.testSplit(),
        plan.validationSplit(), false, plan.seed(), plan.featureSize(), plan.target());
    Dataset raw = DataPipeline.prepare(rawPlan).test().orElseThrow();
    assertThat(raw.rows()).isEqualTo(prepared.rows());
    assertThat(raw.targets()).isEqualTo(prepared.targets());

    float[][] expected = runtimeOutputs(trained.network(), prepared);
    float[][] actual = onnxRuntimeOutputs(Files.readAllBytes(onnx), raw);
    int classes = m.output().size();
    double largest = 0;
    for (int r = 0; r < raw.rows(); r++) {
      for (int j = 0; j < classes; j++) {
        assertThat(actual[r][j]).as("%s row %d output %d", sample, r, j).isCloseTo(expected[r][j], within(1e-5f));
        largest = Math.max(largest, Math.abs(actual[r][j] - expected[r][j]));
      }
      assertThat(predicted(actual[r])).as("%s row %d class", sample, r).isEqualTo(predicted(expected[r]));
    }
    System.out.printf("%s: %,d test rows, largest difference %.2e%n", sample, raw.rows(), largest);

    Map<String, String> metadata = metadata(Files.readAllBytes(onnx));
    assertThat(metadata).containsEntry("fingerprint", trained.checkpoint().fingerprint())
        .containsEntry("model", m.name());
    assertThat(metadata.get("classes")).startsWith("[\"").contains("\"" + trained.checkpoint().classes().get(0) + "\"");
  }

  private static void train(Path model, Path weights, int epochs) {
    Cli.Run run = Cli.run("train", model.toString(), "--epochs", Integer.toString(epochs), "-o", weights.toString(),
        "--no-plot", "--quiet");
    assertThat(run.exitCode()).as(run.toString()).isZero();
  }

  private static Source raw(Source s) {
    if (s instanceof Source.Csv c) {
      return new Source.Csv(c.path(), c.labelColumn(), 1.0);
    }
    Source.Idx i = (Source.Idx) s;
    return new Source.Idx(i.images(), i.labels(), 1.0);
  }

  /** The network's outputs for every row, a batch at a time, as {@code evaluate} computes them. */
  private static float[][] runtimeOutputs(Network net, Dataset data) {
    int[] order = IntStream.range(0, data.rows()).toArray();
    int outputs = net.outputSize();
    float[][] out = new float[data.rows()][outputs];
    for (int from = 0; from < data.rows(); from += net.batchCapacity()) {
      int n = Math.min(net.batchCapacity(), data.rows() - from);
      net.loadBatch(data, order, from, n);
      net.forward(false);
      for (int r = 0; r < n; r++) {
        for (int j = 0; j < outputs; j++) {
          out[from + r][j] = (float) net.output(r, j);
        }
      }
    }
    return out;
  }

  /** The ONNX model's outputs for every raw row, run in ONNX Runtime 500 rows at a time. */
  private static float[][] onnxRuntimeOutputs(byte[] model, Dataset raw) throws OrtException {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    float[][] out = new float[raw.rows()][];
    int f = raw.featureSize();
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(1);
      try (OrtSession session = env.createSession(model, options)) {
        for (int from = 0; from < raw.rows(); from += 500) {
          int n = Math.min(500, raw.rows() - from);
          float[] rows = Arrays.copyOfRange(raw.features(), from * f, (from + n) * f);
          try (OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(rows), new long[] {n, f});
              OrtSession.Result result = session.run(Map.of("input", input))) {
            float[][] part = (float[][]) result.get(0).getValue();
            System.arraycopy(part, 0, out, from, n);
          }
        }
      }
    }
    return out;
  }

  private static Map<String, String> metadata(byte[] model) throws OrtException {
    try (OrtSession session = OrtEnvironment.getEnvironment().createSession(model, new OrtSession.SessionOptions())) {
      return session.getMetadata().getCustomMetadata();
    }
  }

  /** The predicted class: p ≥ 0.5 for one sigmoid output, else the first highest probability. */
  private static int predicted(float[] p) {
    if (p.length == 1) {
      return p[0] >= 0.5f ? 1 : 0;
    }
    int best = 0;
    for (int j = 1; j < p.length; j++) {
      if (p[j] > p[best]) {
        best = j;
      }
    }
    return best;
  }

  /** ONNX's checker, with shape inference ({@code full_check}), passes on the file. */
  private static void assertPassesOnnxChecker(Path file) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("/usr/bin/python3", "-c",
        "import onnx, sys; onnx.checker.check_model(onnx.load(sys.argv[1]), full_check=True); print('ok')",
        file.toString())
        .redirectErrorStream(true)
        .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as("onnx.checker (Debian: apt-get install python3-onnx) on %s:%n%s", file, out).isZero();
    assertThat(out).as("onnx.checker on %s", file).isEqualTo("ok\n");
  }
}
