package dev.nnet.compiler.codegen;

import static dev.nnet.compiler.codegen.TestModels.model;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nnet.compiler.CheckResult;
import dev.nnet.compiler.Frontend;
import dev.nnet.compiler.frontend.RepoRoot;
import dev.nnet.compiler.model.Activation;
import dev.nnet.compiler.model.ActivationKind;
import dev.nnet.compiler.model.Initializer;
import dev.nnet.compiler.model.Loss;
import dev.nnet.compiler.model.LossKind;
import dev.nnet.compiler.model.ModelSpec;
import dev.nnet.compiler.model.Padding;
import dev.nnet.compiler.model.PoolKind;
import dev.nnet.compiler.model.Precision;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Generated sources compared as text with {@code src/test/resources/golden/<case>/<Class>.java}. The cases are the
 * repository's sample models ({@code samples/<name>/<name>.nnet}, read through the front end, so a golden file is
 * what a user of that sample gets), plus a few models built in Java for what no sample covers: float64, a
 * regression loss, an input gradient, batch normalization and the other pooling layers. When a change to the
 * generated code is intended, rewrite them with {@code -Dnnet.updateGolden=true} and review the diff.
 */
class GoldenTest {
  private static final Path GOLDEN = RepoRoot.find().resolve("compiler/src/test/resources/golden");
  private static final Path SAMPLES = RepoRoot.find().resolve("samples");
  private static final boolean UPDATE = Boolean.getBoolean("nnet.updateGolden");

  record Case(ModelSpec model, GeneratorOptions options) {}

  static Map<String, Case> cases() throws IOException {
    Map<String, Case> cases = new TreeMap<>();
    for (Path file : sampleFiles()) {
      CheckResult result = Frontend.check(file);
      assertThat(result.render()).as("%s checks clean", file).isEmpty();
      String stem = file.getFileName().toString();
      cases.put(stem.substring(0, stem.length() - ".nnet".length()),
          new Case(result.model().orElseThrow(), GeneratorOptions.defaults()));
    }
    // what the samples leave out: float64, a regression loss with L2 and no bias, the default package
    cases.put("regression-float64", new Case(model("HousePrices", 8)
        .javaPackage("")
        .precision(Precision.FLOAT64)
        .dense("hidden", 32, Activation.of(ActivationKind.SWISH), Initializer.HE_NORMAL, true, 1e-4)
        .dense("price", 1, Activation.LINEAR, Initializer.GLOROT_UNIFORM, false, 0)
        .loss(new Loss(LossKind.HUBER, 2.0))
        .build(), GeneratorOptions.defaults()));
    // the input gradient (asked for when generating), flatten of a 3-D input, a sigmoid as a layer of its own
    cases.put("binary-input-gradient", new Case(model("Tumour", 2, 3, 5)
        .javaPackage("samples.breast_cancer")
        .flatten("flatten")
        .dense("dense1", 8, ActivationKind.TANH)
        .dense("logit", 1, ActivationKind.LINEAR)
        .activation("probability", ActivationKind.SIGMOID)
        .loss(LossKind.BINARY_CROSSENTROPY)
        .build(), new GeneratorOptions(Optional.empty(), true)));
    // batch normalization, a conv without bias, strides, same padding, average and global average pooling
    cases.put("cnn", new Case(model("Fashion", 28, 28, 1)
        .javaPackage("samples.fashion")
        .batchSize(64)
        .conv2d("conv1", 16, 3, 3, 1, 1, Padding.SAME, ActivationKind.LINEAR, false, 0)
        .batchNorm("bn1")
        .activation("relu1", ActivationKind.RELU)
        .pool2d("pool1", PoolKind.MAX, 2, 2, Padding.VALID)
        .conv2d("conv2", 32, 3, 2, Padding.VALID, ActivationKind.RELU)
        .pool2d("pool2", PoolKind.AVERAGE, 2, 1, Padding.SAME)
        .globalAveragePool2d("gap")
        .dropout("dropout", 0.5)
        .dense("dense", 10, ActivationKind.SOFTMAX)
        .loss(LossKind.SPARSE_CATEGORICAL_CROSSENTROPY)
        .build(), GeneratorOptions.defaults()));
    return cases;
  }

  /**
   * {@code samples/<name>/<name>.nnet} and {@code samples/<name>/<name>_<variant>.nnet}: every sample model, not the
   * Maven consumer's project files below.
   */
  static List<Path> sampleFiles() throws IOException {
    List<Path> files = new java.util.ArrayList<>();
    try (Stream<Path> dirs = Files.list(SAMPLES)) {
      for (Path dir : dirs.filter(Files::isDirectory).toList()) {
        String name = dir.getFileName().toString();
        try (Stream<Path> models = Files.list(dir)) {
          models.filter(f -> f.getFileName().toString().matches(java.util.regex.Pattern.quote(name)
              + "(_[a-z0-9]+)?\\.nnet")).forEach(files::add);
        }
      }
    }
    return files.stream().sorted().toList();
  }

  static Stream<String> names() throws IOException {
    return cases().keySet().stream();
  }

  @ParameterizedTest
  @MethodSource("names")
  void generatedSourceMatchesGolden(String name) throws IOException {
    Case c = cases().get(name);
    var file = Generator.generate(c.model(), c.options()).get(0);
    Path golden = GOLDEN.resolve(name).resolve(file.typeSpec().name() + ".java");
    String actual = SourceText.of(file);
    if (UPDATE) {
      Files.createDirectories(golden.getParent());
      Files.writeString(golden, actual, StandardCharsets.UTF_8);
    }
    assertThat(golden).as("golden file; create it with -Dnnet.updateGolden=true").exists();
    assertThat(actual)
        .as("generated %s differs from %s; if intended, rerun with -Dnnet.updateGolden=true", name, golden)
        .isEqualTo(Files.readString(golden, StandardCharsets.UTF_8));
  }

  @Test
  void everyGoldenFolderBelongsToACase() throws IOException {
    // (every case has its folder: generatedSourceMatchesGolden needs the file)
    Map<String, Case> cases = cases();
    assertThat(sampleFiles()).as("the samples").hasSizeGreaterThanOrEqualTo(8);
    try (Stream<Path> dirs = Files.list(GOLDEN)) {
      // a golden file left behind by a removed or renamed case would never be compared again
      assertThat(dirs.map(d -> d.getFileName().toString()).toList())
          .as("folders under %s", GOLDEN)
          .isSubsetOf(cases.keySet());
    }
  }
}
