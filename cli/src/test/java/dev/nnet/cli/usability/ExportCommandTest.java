package dev.nnet.cli.usability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code export}: the exported class compiles alone, with no nnet jar on the class path, and on the test set it
 * predicts what the runtime predicts ({@code nnet predict}), from raw features (it standardizes them itself).
 */
class ExportCommandTest {
  @TempDir Path dir;
  private List<String> testRows;

  /** Iris split by hand into a training file and a test file of every fifth flower. */
  @BeforeEach
  void trainIris() throws IOException {
    Cli.copySample(dir, "iris");
    List<String> rows = Files.readAllLines(dir.resolve("samples/iris/iris.csv"));
    List<String> train = new ArrayList<>(List.of(rows.get(0)));
    List<String> test = new ArrayList<>(List.of(rows.get(0)));
    for (int i = 1; i < rows.size(); i++) {
      (i % 5 == 0 ? test : train).add(rows.get(i));
    }
    Files.write(dir.resolve("train.csv"), train);
    Files.write(dir.resolve("test.csv"), test);
    testRows = test.subList(1, test.size());
    Cli.Result r = Cli.run(dir, "train", "samples/iris/iris.nnet", "--data", "train.csv", "--label", "species",
        "--test", "test.csv", "-o", "out/iris.weights", "--no-plot");
    assertThat(r.exit()).as(r.toString()).isZero();
  }

  @Test
  void exportedClassCompiledAlonePredictsAsTheRuntimeOnTheTestSet() throws Exception {
    Cli.Result r = Cli.run(dir, "export", "samples/iris/iris.nnet", "--weights", "out/iris.weights", "-d", "exported");
    assertThat(r.exit()).as(r.toString()).isZero();
    Path source = dir.resolve("exported/dev/nnet/samples/Iris.java");
    Path weights = dir.resolve("exported/dev/nnet/samples/Iris.weights.bin");
    assertThat(r.out()).contains("wrote " + source).contains("wrote " + weights + " (139 values, ");
    String text = Files.readString(source);
    assertThat(text.replace("@Generated(\"dev.nnet.export\")", "")).doesNotContain("dev.nnet.runtime")
        .doesNotContain("org.ejml");
    assertThat(text).contains("List.of(\"setosa\", \"versicolor\", \"virginica\")");
    // Weights are data, not code: the source does not grow with the model.
    assertThat(text).doesNotContainPattern("\\d\\.\\d{5,}f?,");

    Path classes = dir.resolve("classes");
    Javac.compile(classes, "", List.of(source));
    Files.copy(weights, classes.resolve("dev/nnet/samples/Iris.weights.bin"));

    Cli.Result predicted = Cli.run(dir, "predict", "samples/iris/iris.nnet", "--weights", "out/iris.weights",
        "--input", "test.csv");
    assertThat(predicted.exit()).as(predicted.toString()).isZero();
    List<String> runtime = predicted.out().lines().toList();
    assertThat(runtime.get(0)).isEqualTo("class,p_setosa,p_versicolor,p_virginica");
    runtime = runtime.subList(1, runtime.size());
    assertThat(runtime).hasSize(testRows.size());

    try (URLClassLoader loader = Javac.alone(classes)) {
      Class<?> iris = loader.loadClass("dev.nnet.samples.Iris");
      Object model = iris.getMethod("load").invoke(null);
      Method predict = iris.getMethod("predict", float[].class);
      Method label = iris.getMethod("predictLabel", float[].class);
      for (int i = 0; i < testRows.size(); i++) {
        String[] cells = testRows.get(i).split(",");
        float[] raw = new float[4];
        for (int j = 0; j < 4; j++) {
          raw[j] = Float.parseFloat(cells[j]);
        }
        String[] expected = runtime.get(i).split(",");
        assertThat(label.invoke(model, (Object) raw)).as("flower %d", i).isEqualTo(expected[0]);
        float[] p = (float[]) predict.invoke(model, (Object) raw);
        for (int j = 0; j < 3; j++) {
          // predict prints six decimals
          assertThat((double) p[j]).isCloseTo(Double.parseDouble(expected[1 + j]), within(6e-7));
        }
      }
    }
  }

  @Test
  void classAndPackageCanBeChosen() throws Exception {
    Cli.Result r = Cli.run(dir, "export", "samples/iris/iris.nnet", "--weights", "out/iris.weights", "-d", "x",
        "--class", "FlowerClassifier", "--package", "com.example.garden");
    assertThat(r.exit()).as(r.toString()).isZero();
    Path source = dir.resolve("x/com/example/garden/FlowerClassifier.java");
    Javac.compile(dir.resolve("x-classes"), "", List.of(source));
    Files.copy(dir.resolve("x/com/example/garden/FlowerClassifier.weights.bin"),
        dir.resolve("x-classes/com/example/garden/FlowerClassifier.weights.bin"));
    try (URLClassLoader loader = Javac.alone(dir.resolve("x-classes"))) {
      Class<?> c = loader.loadClass("com.example.garden.FlowerClassifier");
      Object model = c.getMethod("load").invoke(null);
      float[] flower = {5.1f, 3.5f, 1.4f, 0.2f};
      assertThat(c.getMethod("predictLabel", float[].class).invoke(model, (Object) flower)).isEqualTo("setosa");
    }
  }

  @Test
  void badNamesAndForeignWeightsAreRefused() throws IOException {
    Cli.Result r = Cli.run(dir, "export", "samples/iris/iris.nnet", "--weights", "out/iris.weights", "-d", "x",
        "--class", "1st");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err().lines().findFirst()).hasValue("nnet: --class must be a Java class name, got '1st'");

    Cli.copySample(dir, "breast_cancer");
    Cli.Result train = Cli.run(dir, "train", "samples/breast_cancer/breast_cancer.nnet", "--epochs", "1", "-o",
        "out/bc.weights", "--no-plot");
    assertThat(train.exit()).as(train.toString()).isZero();
    Cli.Result foreign = Cli.run(dir, "export", "samples/iris/iris.nnet", "--weights", "out/bc.weights", "-d", "y");
    assertThat(foreign.exit()).as(foreign.toString()).isEqualTo(1);
    assertThat(foreign.err()).contains("belongs to another model");
    assertThat(dir.resolve("y")).doesNotExist();
  }
}
