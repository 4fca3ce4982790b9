package dev.nnet.compiler.export;

import static dev.nnet.compiler.codegen.TestModels.model;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nnet.compiler.codegen.Generator;
import dev.nnet.compiler.codegen.GeneratorOptions;
import dev.nnet.compiler.javac.ModelCompiler;
import dev.nnet.compiler.layers.recurrent.RecurrentCell;
import dev.nnet.compiler.model.Activation;
import dev.nnet.compiler.model.ActivationKind;
import dev.nnet.compiler.model.Initializer;
import dev.nnet.compiler.model.LossKind;
import dev.nnet.compiler.model.ModelSpec;
import dev.nnet.compiler.model.Padding;
import dev.nnet.compiler.model.PoolKind;
import dev.nnet.compiler.model.Precision;
import dev.nnet.runtime.Dataset;
import dev.nnet.runtime.Network;
import dev.nnet.runtime.Rng;
import java.lang.reflect.Array;
import java.lang.reflect.Method;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exported classes, compiled alone, predict what the runtime's generated networks predict for the same weights:
 * every activation, dense with and without bias, dropout, flatten, activation layers, both precisions, the three
 * tasks, raw inputs scaled and standardized. Weights are random (biases too), so every parameter matters.
 */
class ExportAgainstRuntimeTest {
  private static final ModelCompiler RUNTIME = ModelCompiler.inMemory();
  private static final int SAMPLES = 40;

  /** A model, the options it is exported with, and the runtime network with its random weights. */
  record Case(ModelSpec model, ExportOptions options, Network net, Map<String, double[]> values) {}

  private static final List<Case> CASES = new ArrayList<>();
  private static URLClassLoader exported;

  @TempDir static Path dir;

  @BeforeAll
  static void exportAndCompile() throws Exception {
    add(model("Classifier", 6)
            .javaPackage("exported.mlp")
            .dense("hidden", 8, ActivationKind.RELU)
            .dropout("drop", 0.3)
            .dense("leaky", 5, new Activation(ActivationKind.LEAKY_RELU, 0.3), Initializer.GLOROT_UNIFORM, true, 0)
            .dense("smooth", 7, ActivationKind.ELU)
            .dense("out", 4, ActivationKind.SOFTMAX)
            .loss(LossKind.SPARSE_CATEGORICAL_CROSSENTROPY)
            .build(),
        o -> o.withClasses(List.of("north", "east", "south", "west")));
    add(model("Binary", 5)
            .javaPackage("exported.binary")
            .dense("s", 6, ActivationKind.SIGMOID)
            .dense("t", 6, ActivationKind.TANH)
            .dense("p", 6, ActivationKind.SOFTPLUS)
            .dense("w", 6, ActivationKind.SWISH)
            .dense("g", 6, ActivationKind.GELU)
            .dense("m", 6, ActivationKind.MISH)
            .layerNorm("ln")
            .dense("out", 1, ActivationKind.SIGMOID)
            .loss(LossKind.BINARY_CROSSENTROPY)
            .build(),
        o -> o.withClasses(List.of("benign", "malignant")).withStandardization(true));
    add(model("Regression", 2, 3)
            .javaPackage("")
            .precision(Precision.FLOAT64)
            .flatten("flat")
            .dense("linear", 4, Activation.LINEAR, Initializer.GLOROT_UNIFORM, false, 0)
            .activation("act", ActivationKind.RELU)
            .dense("out", 2, ActivationKind.LINEAR)
            .loss(LossKind.MEAN_SQUARED_ERROR)
            .build(),
        o -> o.withStandardization(true).withInputScale(1 / 255.0));
    add(model("Pixels", 3, 4)
            .javaPackage("exported.pixels")
            .flatten("flat")
            .dense("logits", 6, ActivationKind.LINEAR)
            .activation("probabilities", ActivationKind.SOFTMAX)
            .loss(LossKind.SPARSE_CATEGORICAL_CROSSENTROPY)
            .build(),
        o -> o.withInputScale(1 / 255.0));
    add(model("Channels", 3, 4, 2)
            .javaPackage("exported.channels")
            .layerNorm("ln")
            .flatten("flat")
            .dense("out", 3, ActivationKind.LINEAR)
            .loss(LossKind.MEAN_SQUARED_ERROR)
            .build(),
        o -> o);
    // Sequences: conv1d with each padding and stride 2, max and average pooling over steps, both global poolings.
    add(model("Sequence", 12, 3)
            .javaPackage("exported.sequence")
            .conv1d("conv1", 4, 3, 1, Padding.CAUSAL, ActivationKind.RELU, true, 0)
            .pool1d("pool1", PoolKind.MAX, 3, 2, Padding.SAME)
            .conv1d("conv2", 5, 2, 2, Padding.SAME, ActivationKind.TANH, false, 0)
            .pool1d("pool2", PoolKind.AVERAGE, 2, 1, Padding.VALID)
            .conv1d("conv3", 3, 2, 1, Padding.VALID, ActivationKind.LINEAR, true, 0)
            .globalPool("gmp", PoolKind.MAX)
            .dense("out", 3, ActivationKind.SOFTMAX)
            .loss(LossKind.SPARSE_CATEGORICAL_CROSSENTROPY)
            .build(),
        o -> o);
    add(model("Recurrent", 6, 3)
            .javaPackage("exported.recurrent")
            .recurrent("gru", RecurrentCell.GRU, 5, true, true)
            .bidirectional("bi", RecurrentCell.LSTM, 4, true)
            .recurrent("rnn", RecurrentCell.SIMPLE_RNN, 3, false, true)
            .dense("out", 3, ActivationKind.SOFTMAX)
            .loss(LossKind.SPARSE_CATEGORICAL_CROSSENTROPY)
            .build(),
        o -> o);
    add(model("SequenceAverage", 6, 2)
            .javaPackage("exported.sequence")
            .conv1d("conv", 3, 2, 1, Padding.SAME, ActivationKind.SIGMOID, true, 0)
            .globalPool("gap", PoolKind.AVERAGE)
            .dense("out", 2, ActivationKind.LINEAR)
            .loss(LossKind.MEAN_SQUARED_ERROR)
            .build(),
        o -> o);
    add(model("ImageMax", 5, 4, 2)
            .javaPackage("exported.sequence")
            .conv2d("conv", 3, 3, 1, Padding.SAME, ActivationKind.ELU)
            .globalPool("gmp", PoolKind.MAX)
            .dense("out", 2, ActivationKind.LINEAR)
            .loss(LossKind.MEAN_SQUARED_ERROR)
            .build(),
        o -> o);
    add(model("Recurrent64", 5, 2)
            .javaPackage("exported.recurrent")
            .precision(Precision.FLOAT64)
            .bidirectional("bi", RecurrentCell.GRU, 3, false)
            .dense("out", 2, ActivationKind.LINEAR)
            .loss(LossKind.MEAN_SQUARED_ERROR)
            .build(),
        o -> o);

    List<Path> sources = new ArrayList<>();
    for (Case c : CASES) {
      Exporter.Export e = Exporter.export(c.model(), c.options());
      sources.add(writeTo(dir, e, c.values()));
    }
    exported = StandaloneJavac.compileAlone(dir, sources);
  }

  private static void add(ModelSpec m, java.util.function.UnaryOperator<ExportOptions> options) {
    var files = Generator.generate(m, GeneratorOptions.defaults());
    Network net = RUNTIME.instantiate(files, m.qualifiedName(), Network.class, SAMPLES);
    Rng rng = new Rng(m.name().hashCode());
    Map<String, double[]> values = RandomWeights.into(net, rng);
    ExportOptions o = options.apply(ExportOptions.of(m));
    if (o.standardized()) {
      RandomWeights.addStandardizer(values, m.input().size(), rng);
    }
    CASES.add(new Case(m, o, net, values));
  }

  /** Writes the exported source and its weights file under {@code dir}; returns the source. */
  static Path writeTo(Path dir, Exporter.Export e, Map<String, double[]> values) throws java.io.IOException {
    Path source = e.sourcePath(dir);
    Files.createDirectories(source.getParent());
    Files.writeString(source, e.source().toString());
    Files.write(e.weightsPath(dir), e.weights(values));
    return source;
  }

  @Test
  void exportedClassesSeeNoNnetClass() {
    assertThat(exported.getParent()).isEqualTo(ClassLoader.getPlatformClassLoader());
    for (Case c : CASES) {
      String source = Exporter.export(c.model(), c.options()).source().toString();
      // Only the @Generated marker names nnet; no type of it is used.
      assertThat(source.replace("@Generated(\"dev.nnet.export\")", "")).doesNotContain("dev.nnet");
    }
  }

  @Test
  void predictionsEqualTheRuntimes() throws Exception {
    for (Case c : CASES) {
      ModelSpec m = c.model();
      Class<?> cls = exported.loadClass(c.options().qualifiedName());
      Object model = cls.getMethod("load").invoke(null);
      Method predict = cls.getMethod("predict", float[].class);
      Rng rng = new Rng(7);
      int in = m.input().size();
      float[] raw = new float[SAMPLES * in];
      for (int i = 0; i < raw.length; i++) {
        // raw features: any number, or bytes for the models that scale them
        raw[i] = c.options().inputScale() == 1.0
            ? (float) (4 * rng.nextDouble() - 2)
            : (float) Math.floor(256 * rng.nextDouble());
      }
      float[] prepared = prepare(raw, c);
      int[] order = new int[SAMPLES];
      for (int i = 0; i < SAMPLES; i++) {
        order[i] = i;
      }
      c.net().loadBatch(new Dataset(prepared, in, new float[0], 0, SAMPLES, List.of()), order, 0, SAMPLES);
      c.net().forward(false);
      double tolerance = m.precision() == Precision.FLOAT64 ? 1e-12 : 2e-6;
      double spread = 0;
      for (int r = 0; r < SAMPLES; r++) {
        float[] sample = java.util.Arrays.copyOfRange(raw, r * in, (r + 1) * in);
        Object out = predict.invoke(model, (Object) sample);
        assertThat(Array.getLength(out)).isEqualTo(m.output().size());
        for (int j = 0; j < m.output().size(); j++) {
          double expected = c.net().output(r, j);
          double actual = Array.getDouble(out, j);
          assertThat(actual)
              .as("%s sample %d output %d", m.name(), r, j)
              .isCloseTo(expected, org.assertj.core.api.Assertions.within(tolerance * Math.max(1, Math.abs(expected))));
          spread = Math.max(spread, Math.abs(expected - c.net().output(0, j)));
        }
        if (m.task() != dev.nnet.compiler.model.Task.REGRESSION) {
          int predicted = (int) cls.getMethod("predictClass", float[].class).invoke(model, (Object) sample);
          assertThat(predicted).isEqualTo(runtimeClass(c.net(), r, m));
          String label = (String) cls.getMethod("predictLabel", float[].class).invoke(model, (Object) sample);
          assertThat(label).isEqualTo(c.options().classes().isEmpty()
              ? Integer.toString(predicted) : c.options().classes().get(predicted));
        }
      }
      // Outputs that vary over the samples: the comparison is not between constants.
      assertThat(spread).as("%s outputs vary", m.name()).isGreaterThan(1e-3);
    }
  }

  @Test
  void wrongInputSizeIsRefusedWithTheSizes() throws Exception {
    Case c = CASES.get(0);
    Class<?> cls = exported.loadClass(c.options().qualifiedName());
    Object model = cls.getMethod("load").invoke(null);
    var thrown = org.assertj.core.api.Assertions.catchThrowable(
        () -> cls.getMethod("predict", float[].class).invoke(model, (Object) new float[3]));
    assertThat(thrown.getCause()).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the model takes 6 features, got 3");
  }

  /** What the runtime's data pipeline does to raw features: scale on load, then standardize, in float32. */
  private static float[] prepare(float[] raw, Case c) {
    float scale = (float) c.options().inputScale();
    int in = c.model().input().size();
    float[] x = new float[raw.length];
    for (int i = 0; i < raw.length; i++) {
      float v = raw[i] * scale;
      if (c.options().standardized()) {
        v = (v - (float) c.values().get(Exporter.STANDARDIZER_MEAN)[i % in])
            / (float) c.values().get(Exporter.STANDARDIZER_STD)[i % in];
      }
      x[i] = v;
    }
    return x;
  }

  private static int runtimeClass(Network net, int row, ModelSpec m) {
    if (m.output().size() == 1) {
      return net.output(row, 0) >= 0.5 ? 1 : 0;
    }
    int best = 0;
    for (int j = 1; j < m.output().size(); j++) {
      if (net.output(row, j) > net.output(row, best)) {
        best = j;
      }
    }
    return best;
  }

}
