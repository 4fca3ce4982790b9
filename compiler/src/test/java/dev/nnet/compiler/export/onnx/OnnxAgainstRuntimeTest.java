package dev.nnet.compiler.export.onnx;

import static dev.nnet.compiler.codegen.TestModels.model;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.nnet.compiler.codegen.Generator;
import dev.nnet.compiler.codegen.GeneratorOptions;
import dev.nnet.compiler.export.ExportOptions;
import dev.nnet.compiler.export.Exporter;
import dev.nnet.compiler.export.RandomWeights;
import dev.nnet.compiler.javac.ModelCompiler;
import dev.nnet.compiler.layers.embedding.EmbeddingSpec;
import dev.nnet.compiler.layers.recurrent.RecurrentCell;
import dev.nnet.compiler.model.Activation;
import dev.nnet.compiler.model.ActivationKind;
import dev.nnet.compiler.model.Initializer;
import dev.nnet.compiler.model.LossKind;
import dev.nnet.compiler.model.ModelSpec;
import dev.nnet.compiler.model.Padding;
import dev.nnet.compiler.model.PoolKind;
import dev.nnet.compiler.model.Precision;
import dev.nnet.compiler.model.Task;
import dev.nnet.runtime.Dataset;
import dev.nnet.runtime.Network;
import dev.nnet.runtime.Rng;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exported ONNX graphs, run in ONNX Runtime, compute what the runtime's generated networks compute for the same
 * weights: every activation (standalone and after dense and conv layers), dense with and without bias, dropout,
 * flatten, convolutions with strides 1 and 2 and both paddings, max and average pooling with both paddings, global
 * average pooling, batch and layer normalization after dense and conv layers and over a 2-D sample, softmax over a sample's
 * last axis, the three tasks, raw inputs scaled and standardized, a float64 model exported as float32, and recurrent
 * layers after an embedding's mask over text padded at the end (rows all padding and rows without any). Weights
 * are random (biases, moving statistics and the standardizer too), so every parameter matters; every file passes
 * ONNX's checker.
 */
class OnnxAgainstRuntimeTest {
  private static final ModelCompiler RUNTIME = ModelCompiler.inMemory();
  private static final int SAMPLES = 24;

  @TempDir Path dir;

  @Test
  void everyActivationAfterDenseLayers() throws Exception {
    check(model("Activations", 6)
            .dense("relu", 8, ActivationKind.RELU)
            .dropout("drop", 0.3)
            .dense("leaky", 7, new Activation(ActivationKind.LEAKY_RELU, 0.1), Initializer.GLOROT_UNIFORM, true, 0)
            .dense("elu", 7, new Activation(ActivationKind.ELU, 0.7), Initializer.GLOROT_UNIFORM, true, 0)
            .dense("sigmoid", 6, ActivationKind.SIGMOID)
            .dense("tanh", 6, ActivationKind.TANH)
            .dense("softplus", 6, ActivationKind.SOFTPLUS)
            .dense("swish", 6, ActivationKind.SWISH)
            .dense("gelu", 6, ActivationKind.GELU)
            .dense("mish", 6, ActivationKind.MISH)
            .dense("linear", 5, Activation.LINEAR, Initializer.GLOROT_UNIFORM, false, 0)
            .dense("out", 4, ActivationKind.SOFTMAX)
            .loss(LossKind.SPARSE_CATEGORICAL_CROSSENTROPY)
            .build(),
        o -> o.withClasses(List.of("north", "east", "south", "west")).withStandardization(true));
  }

  @Test
  void activationLayersAndBatchNormalizationOnVectorsAndMatrices() throws Exception {
    ModelSpec m = model("Layers", 3, 4)
        .batchNorm("norm_rows")
        .layerNorm("layer_norm_rows")
        .activation("softmax_rows", ActivationKind.SOFTMAX)
        .activation("gelu", ActivationKind.GELU)
        .flatten("flat")
        .dense("hidden", 6, ActivationKind.LINEAR)
        .batchNorm("norm")
        .layerNorm("layer_norm")
        .activation("leaky", ActivationKind.LEAKY_RELU)
        .activation("elu", ActivationKind.ELU)
        .activation("swish", ActivationKind.SWISH)
        .activation("softplus", ActivationKind.SOFTPLUS)
        .activation("tanh", ActivationKind.TANH)
        .activation("relu", ActivationKind.RELU)
        .dense("out", 1, ActivationKind.SIGMOID)
        .loss(LossKind.BINARY_CROSSENTROPY)
        .build();
    check(m, o -> o.withClasses(List.of("benign", "malignant")).withInputScale(1 / 255.0));
  }

  @Test
  void recurrentLayersAsOnnxGruLstmAndRnn() throws Exception {
    check(model("Recurrent", 6, 3)
            .recurrent("gru", RecurrentCell.GRU, 5, true, true)
            .bidirectional("bi", RecurrentCell.LSTM, 4, true)
            .recurrent("lstm", RecurrentCell.LSTM, 3, true, false)
            .bidirectional("last", RecurrentCell.SIMPLE_RNN, 3, false)
            .dense("out", 3, ActivationKind.SOFTMAX)
            .loss(LossKind.SPARSE_CATEGORICAL_CROSSENTROPY)
            .build(),
        o -> o);
    check(model("RecurrentLast", 5, 2)
            .precision(dev.nnet.compiler.model.Precision.FLOAT64)
            .bidirectional("bi", RecurrentCell.GRU, 3, true)
            .recurrent("rnn", RecurrentCell.SIMPLE_RNN, 2, false, false)
            .dense("out", 2, ActivationKind.LINEAR)
            .loss(LossKind.MEAN_SQUARED_ERROR)
            .build(),
        o -> o);
  }

  @Test
  void convolutionsPoolingAndBatchNormalization() throws Exception {
    check(model("Cnn", 7, 6, 2)
            .conv2d("conv1", 4, 3, 1, Padding.SAME, ActivationKind.RELU)
            .batchNorm("norm1")
            .pool2d("pool1", PoolKind.MAX, 2, 2, Padding.SAME)
            .conv2d("conv2", 3, 2, 2, 2, 2, Padding.VALID, ActivationKind.TANH, false, 0)
            .pool2d("pool2", PoolKind.AVERAGE, 3, 1, Padding.SAME)
            .globalAveragePool2d("gap")
            .dense("out", 2, ActivationKind.SOFTMAX)
            .loss(LossKind.SPARSE_CATEGORICAL_CROSSENTROPY)
            .build(),
        o -> o.withInputScale(1 / 255.0).withStandardization(true));
  }

  @Test
  void stridesPaddingsAndActivationsOverChannels() throws Exception {
    check(model("Strided", 12, 11, 3)
            .conv2d("same2", 4, 3, 3, 2, 2, Padding.SAME, ActivationKind.SOFTMAX, true, 0)
            .conv2d("valid1", 5, 2, 3, 1, 1, Padding.VALID, ActivationKind.ELU, true, 0)
            .conv2d("same21", 3, 3, 2, 2, 1, Padding.SAME, ActivationKind.GELU, true, 0)
            .activation("swish", ActivationKind.SWISH)
            .pool2d("max_valid", PoolKind.MAX, 2, 1, Padding.VALID)
            .pool2d("avg_valid", PoolKind.AVERAGE, 2, 1, Padding.VALID)
            .batchNorm("norm")
            .flatten("flat")
            .dense("out", 3, ActivationKind.LINEAR)
            .loss(LossKind.MEAN_SQUARED_ERROR)
            .build(),
        UnaryOperator.identity());
  }

  @Test
  void poolingWithStridesAndSamePadding() throws Exception {
    check(model("Pools", 7, 7, 2)
            .pool2d("max_same2", PoolKind.MAX, 3, 2, Padding.SAME)
            .pool2d("avg_same2", PoolKind.AVERAGE, 2, 2, Padding.SAME)
            .conv2d("conv", 3, 1, 1, Padding.VALID, ActivationKind.SOFTPLUS)
            .flatten("flat")
            .dense("out", 3, ActivationKind.SOFTMAX)
            .loss(LossKind.SPARSE_CATEGORICAL_CROSSENTROPY)
            .build(),
        UnaryOperator.identity());
  }

  @Test
  void sequencesThroughConv1dWindowAndGlobalPooling() throws Exception {
    // Causal, same and valid padding, strides 1 and 2, max and average pooling over steps, global max pooling.
    check(model("Sequence", 13, 3)
            .conv1d("causal", 4, 3, 1, Padding.CAUSAL, ActivationKind.RELU, true, 0)
            .pool1d("max_same2", PoolKind.MAX, 3, 2, Padding.SAME)
            .conv1d("same2", 5, 2, 2, Padding.SAME, ActivationKind.TANH, false, 0)
            .pool1d("avg_same1", PoolKind.AVERAGE, 3, 1, Padding.SAME)
            .conv1d("causal2", 3, 3, 2, Padding.CAUSAL, ActivationKind.LINEAR, true, 0)
            .conv1d("valid", 3, 2, 1, Padding.VALID, ActivationKind.ELU, true, 0)
            .globalPool("gmp", PoolKind.MAX)
            .dense("out", 3, ActivationKind.SOFTMAX)
            .loss(LossKind.SPARSE_CATEGORICAL_CROSSENTROPY)
            .build(),
        UnaryOperator.identity());
    check(model("SequenceAverage", 7, 2)
            .pool1d("avg_valid", PoolKind.AVERAGE, 2, 2, Padding.VALID)
            .conv1d("conv", 3, 2, 1, Padding.SAME, ActivationKind.SIGMOID, true, 0)
            .globalPool("gap", PoolKind.AVERAGE)
            .dense("out", 2, ActivationKind.LINEAR)
            .loss(LossKind.MEAN_SQUARED_ERROR)
            .build(),
        UnaryOperator.identity());
    check(model("ImageMax", 5, 4, 2)
            .conv2d("conv", 3, 3, 1, Padding.SAME, ActivationKind.ELU)
            .globalPool("gmp", PoolKind.MAX)
            .dense("out", 2, ActivationKind.LINEAR)
            .loss(LossKind.MEAN_SQUARED_ERROR)
            .build(),
        UnaryOperator.identity());
  }

  @Test
  void float64ModelsComputeInFloat32() throws Exception {
    check(model("Regression", 2, 3)
            .precision(Precision.FLOAT64)
            .flatten("flat")
            .dense("linear", 4, Activation.LINEAR, Initializer.GLOROT_UNIFORM, false, 0)
            .activation("act", ActivationKind.SIGMOID)
            .dense("out", 2, ActivationKind.LINEAR)
            .loss(LossKind.MEAN_SQUARED_ERROR)
            .build(),
        o -> o.withStandardization(true));
  }

  @Test
  void embeddingGathersRowsOfTokenIds() throws Exception {
    var checked = dev.nnet.compiler.Frontend.check("emb.nnet", "model Emb\ninput tokens(length = 6)\n"
        + "embedding 9 4 mask_zero = true\nlayernorm\nflatten\ndense 3 softmax\n"
        + "loss sparse_categorical_crossentropy\noptimizer adam\n");
    check(checked.model().orElseThrow(), UnaryOperator.identity());
  }

  /** A model over text of 7 tokens (padded at the end) through an embedding with mask_zero, then {@code layers}. */
  private static ModelSpec maskedText(String name, String layers) {
    var checked = dev.nnet.compiler.Frontend.check(name + ".nnet", "model " + name + "\n"
        + "input text(max_length = 7, max_tokens = 9, split = \"characters\")\nembedding 9 3 mask_zero = true\n"
        + layers + "\ndense 3 softmax\nloss sparse_categorical_crossentropy\n");
    assertThat(checked.render()).isEmpty();
    return checked.model().orElseThrow();
  }

  @Test
  void maskedRecurrentLayersOverTextTakeSequenceLengths() throws Exception {
    // flatten reads every step: a bidirectional layer's padded steps are 0, a plain one's repeat the last state
    check(maskedText("MaskedZeros", "bidirectional lstm(4, return_sequences = true)\nflatten"),
        UnaryOperator.identity());
    check(maskedText("MaskedRepeats", "gru 4 return_sequences = true\n"
            + "bidirectional simple_rnn(3, return_sequences = true)\n"
            + "gru 3 use_bias = false return_sequences = true\nflatten"),
        UnaryOperator.identity());
    check(maskedText("MaskedLast", "bidirectional gru(4)\n"), UnaryOperator.identity());
  }

  @Test
  void maskedGlobalPoolingLeavesPaddingOutWhereverItSits() throws Exception {
    for (String pool : List.of("global_avgpool1d", "global_maxpool1d")) {
      var checked = dev.nnet.compiler.Frontend.check("pool.nnet", "model Pool\ninput tokens(length = 6)\n"
          + "embedding 4 3 mask_zero = true\n" + pool + "\ndense 3 softmax\nloss sparse_categorical_crossentropy\n");
      check(checked.model().orElseThrow(), UnaryOperator.identity());
    }
    // after masked recurrent layers, over text with rows of padding only
    check(maskedText("MaskedPoolAverage", "gru 4 return_sequences = true\nglobal_avgpool1d"), UnaryOperator.identity());
    check(maskedText("MaskedPoolMax", "bidirectional lstm(3, return_sequences = true)\nglobal_maxpool1d"),
        UnaryOperator.identity());
  }

  @Test
  void maskedRecurrentLayersOverTokensAreRefusedWithAHint() {
    var checked = dev.nnet.compiler.Frontend.check("tok.nnet", "model Tok\ninput tokens(length = 6)\n"
        + "embedding 9 4 mask_zero = true\ngru 3\ndense 3 softmax\nloss sparse_categorical_crossentropy\n");
    ModelSpec m = checked.model().orElseThrow();
    assertThat(org.assertj.core.api.Assertions.catchThrowable(
            () -> OnnxExporter.export(m, ExportOptions.of(m), "0123", Map.of())))
        .isInstanceOf(OnnxExportException.class)
        .hasMessageStartingWith("layer gru1: it skips the padded steps of an embedding with mask_zero")
        .hasMessageContaining("use input text(...)");
  }

  @Test
  void everyActivationKindIsCovered() {
    // The tests above use every activation; a new one must join them.
    Set<ActivationKind> used = EnumSet.of(ActivationKind.LINEAR, ActivationKind.RELU, ActivationKind.LEAKY_RELU,
        ActivationKind.ELU, ActivationKind.SIGMOID, ActivationKind.TANH, ActivationKind.SOFTMAX,
        ActivationKind.SOFTPLUS, ActivationKind.SWISH, ActivationKind.GELU, ActivationKind.MISH);
    assertThat(used).containsExactlyInAnyOrder(ActivationKind.values());
  }

  @Test
  void aFloat64ValueBeyondFloat32IsRefusedNamingTheLayer() {
    ModelSpec m = model("Huge", 2).precision(Precision.FLOAT64).dense("out", 1, ActivationKind.LINEAR)
        .loss(LossKind.MEAN_SQUARED_ERROR).build();
    Map<String, double[]> values = Map.of("out.kernel", new double[] {1, 1e300}, "out.bias", new double[] {0});
    assertThat(org.assertj.core.api.Assertions.catchThrowable(
            () -> OnnxExporter.export(m, ExportOptions.of(m), "0123", values)))
        .isInstanceOf(OnnxExportException.class)
        .hasMessage("layer out: out.kernel holds 1.0E300, beyond float32's range; the ONNX graph computes in float32");
  }

  /** Random weights into the runtime's network of {@code m}, the same into its ONNX graph, outputs compared. */
  private void check(ModelSpec m, UnaryOperator<ExportOptions> configure) throws Exception {
    var files = Generator.generate(m, GeneratorOptions.defaults());
    Network net = RUNTIME.instantiate(files, m.qualifiedName(), Network.class, SAMPLES);
    Rng rng = new Rng(m.name().hashCode());
    Map<String, double[]> values = RandomWeights.into(net, rng);
    ExportOptions options = configure.apply(ExportOptions.of(m));
    int in = m.input().size();
    if (options.standardized()) {
      RandomWeights.addStandardizer(values, in, rng);
    }
    var proto = OnnxExporter.export(m, options, "fingerprint-" + m.name(), values);
    for (var node : proto.getGraph().getNodeList()) {
      // In a fixed order, so that an export is the same bytes in every JVM (Map.of's order differs between JVMs).
      assertThat(node.getAttributeList().stream().map(a -> a.getName()).toList()).as("attributes of %s", node.getName())
          .isSorted();
    }
    byte[] onnx = proto.toByteArray();
    Path file = dir.resolve(m.name() + ".onnx");
    Files.write(file, onnx);
    OnnxRuntimeRunner.assertPassesOnnxChecker(file);

    float[] raw = new float[SAMPLES * in];
    int ids = m.layers().get(0) instanceof EmbeddingSpec e ? e.inputDim() : 0;
    boolean text = m.tokens().isPresent() && m.tokens().get().text().isPresent();
    for (int i = 0; i < raw.length; i++) {
      raw[i] = ids > 0 ? (float) Math.floor(ids * rng.nextDouble())
          : options.inputScale() == 1.0 ? (float) (4 * rng.nextDouble() - 2) : (float) Math.floor(256 * rng.nextDouble());
    }
    if (text) {
      // as the tokenizer makes them: real ids (1 and up), then padding to the end; a row all padding, a row full
      for (int r = 0; r < SAMPLES; r++) {
        int length = r == 0 ? 0 : r == 1 ? in : (int) ((in + 1) * rng.nextDouble());
        for (int t = 0; t < in; t++) {
          raw[r * in + t] = t < length ? 1 + (float) Math.floor((ids - 1) * rng.nextDouble()) : 0;
        }
      }
    }
    float[] prepared = new float[raw.length];
    for (int i = 0; i < raw.length; i++) {
      // what the data pipeline does, in float32: scale on load, then standardize
      float v = raw[i] * (float) options.inputScale();
      if (options.standardized()) {
        v = (v - (float) values.get(Exporter.STANDARDIZER_MEAN)[i % in])
            / (float) values.get(Exporter.STANDARDIZER_STD)[i % in];
      }
      prepared[i] = v;
    }
    int[] order = java.util.stream.IntStream.range(0, SAMPLES).toArray();
    net.loadBatch(new Dataset(prepared, in, new float[0], 0, SAMPLES, List.of()), order, 0, SAMPLES);
    net.forward(false);

    float[][] actual = OnnxRuntimeRunner.run(onnx, raw, in);
    assertThat(actual).hasNumberOfRows(SAMPLES);
    int outputs = m.output().size();
    double spread = 0;
    for (int r = 0; r < SAMPLES; r++) {
      assertThat(actual[r]).hasSize(outputs);
      for (int j = 0; j < outputs; j++) {
        double expected = net.output(r, j);
        assertThat((double) actual[r][j])
            .as("%s sample %d output %d", m.name(), r, j)
            .isCloseTo(expected, within(1e-5 * Math.max(1, Math.abs(expected))));
        spread = Math.max(spread, Math.abs(expected - net.output(0, j)));
      }
    }
    // Outputs that vary over the samples: the comparison is not between constants.
    assertThat(spread).as("%s outputs vary", m.name()).isGreaterThan(1e-3);

    Map<String, String> metadata = OnnxRuntimeRunner.metadata(onnx);
    assertThat(metadata).containsEntry("fingerprint", "fingerprint-" + m.name())
        .containsEntry("model", m.name())
        .containsEntry("input_shape", m.input().dims().toString());
    if (m.task() == Task.REGRESSION) {
      assertThat(metadata).doesNotContainKey("classes");
    } else {
      List<String> classes = options.classNames(m);
      assertThat(metadata.get("classes"))
          .isEqualTo(classes.stream().map(c -> "\"" + c + "\"").collect(java.util.stream.Collectors.joining(", ", "[", "]")));
    }
  }
}
