package dev.nnet.compiler.frontend;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nnet.compiler.CheckResult;
import dev.nnet.compiler.Frontend;
import dev.nnet.compiler.model.ModelSpec;
import dev.nnet.compiler.model.Task;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Every sample model checks clean, and the well-known ones have Keras' parameter counts. */
class SamplesTest {
  private static final Path SAMPLES = RepoRoot.find().resolve("samples");

  @TestFactory
  Stream<DynamicTest> everySampleChecksClean() throws IOException {
    List<Path> models;
    try (Stream<Path> files = Files.walk(SAMPLES, 2)) {
      models = files.filter(f -> f.toString().endsWith(".nnet")).sorted().toList();
    }
    assertThat(models).hasSizeGreaterThanOrEqualTo(8);
    return models.stream()
        .map(
            f ->
                DynamicTest.dynamicTest(
                    SAMPLES.relativize(f).toString(),
                    () -> {
                      CheckResult r = Frontend.check(f);
                      assertThat(r.render()).isEmpty();
                      assertThat(r.model()).isPresent();
                      ModelSpec m = r.model().get();
                      assertThat(m.sourceFile()).isEqualTo(f.getFileName().toString());
                      // samples/NAME/NAME.nnet, or NAME_VARIANT.nnet where a folder holds several models of one data set
                      String folder = f.getParent().getFileName().toString();
                      assertThat(m.sourceFile()).matches(java.util.regex.Pattern.quote(folder) + "(_[a-z0-9]+)?\\.nnet");
                      assertThat(m.data()).as("every sample names its data").isPresent();
                    }));
  }

  private static ModelSpec sample(String name) {
    CheckResult r = Frontend.check(SAMPLES.resolve(name).resolve(name + ".nnet"));
    assertThat(r.render()).isEmpty();
    return r.model().orElseThrow();
  }

  @Test
  void fashionMlpHasTheTutorialsParameterCount() {
    ModelSpec m = sample("fashion_mlp");
    assertThat(m.trainableParameters()).isEqualTo(101_770);
    assertThat(m.task()).isEqualTo(Task.MULTICLASS_CLASSIFICATION);
  }

  @Test
  void kerasMnistMlpHasKerasParameterCount() {
    assertThat(sample("keras_mnist_mlp").trainableParameters()).isEqualTo(669_706);
  }

  @Test
  void kerasConvnetsHaveKerasParameterCount() {
    assertThat(sample("keras_mnist_convnet").trainableParameters()).isEqualTo(34_826);
    assertThat(sample("fashion_cnn").trainableParameters()).isEqualTo(34_826);
  }

  @Test
  void breastCancerIsBinary() {
    assertThat(sample("breast_cancer").task()).isEqualTo(Task.BINARY_CLASSIFICATION);
  }
}
