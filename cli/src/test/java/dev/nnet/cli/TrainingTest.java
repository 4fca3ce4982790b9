package dev.nnet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Trains the bundled samples end to end through the command line, on their own data with their own seeds (the test
 * part is split off before training and never seen by it), and checks the test accuracy the issue asks for.
 */
@Tag("slow") // trains the samples on their real data
class TrainingTest {
  @TempDir Path tmp;

  @ParameterizedTest
  @CsvSource({"iris, 0.95", "digits, 0.96", "breast_cancer, 0.95"})
  void bundledSamplesReachTheirTestAccuracy(String sample, double bar) throws Exception {
    Path json = tmp.resolve(sample + ".json");
    Cli.Run run =
        Cli.run("train", Cli.sample(sample).toString(), "-o", tmp.resolve(sample + ".weights").toString(), "--json",
            json.toString());
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(testValue(Files.readString(json), "accuracy")).as(run.out()).isGreaterThanOrEqualTo(bar);
  }

  @Test
  void sameSeedGivesByteIdenticalWeights() throws Exception {
    Path a = tmp.resolve("a.weights");
    Path b = tmp.resolve("b.weights");
    assertThat(Cli.run("train", Cli.sample("iris").toString(), "--epochs", "5", "-o", a.toString()).exitCode()).isZero();
    assertThat(Cli.run("train", Cli.sample("iris").toString(), "--epochs", "5", "-o", b.toString()).exitCode()).isZero();
    assertThat(Files.readAllBytes(a)).isEqualTo(Files.readAllBytes(b));
    Path c = tmp.resolve("c.weights");
    Cli.run("train", Cli.sample("iris").toString(), "--epochs", "5", "--seed", "8", "-o", c.toString());
    assertThat(Files.readAllBytes(c)).isNotEqualTo(Files.readAllBytes(a));
  }

  @Test
  void savedModelPredictsTheSameInAFreshProcess() throws Exception {
    Path weights = tmp.resolve("iris.weights");
    assertThat(Cli.run("train", Cli.sample("iris").toString(), "--epochs", "20", "-o", weights.toString()).exitCode())
        .isZero();
    Path input = Cli.repoRoot().resolve("samples/iris/iris.csv");
    Cli.Run here =
        Cli.run("predict", Cli.sample("iris").toString(), "--weights", weights.toString(), "--input", input.toString());
    Cli.Run fresh =
        Cli.runInNewJvm(
            "predict", Cli.sample("iris").toString(), "--weights", weights.toString(), "--input", input.toString());
    assertThat(here.exitCode()).as(here.toString()).isZero();
    assertThat(fresh.exitCode()).as(fresh.toString()).isZero();
    assertThat(fresh.out()).isEqualTo(here.out());
    assertThat(here.out().lines().count()).isEqualTo(151);
    assertThat(here.out().lines().findFirst().orElseThrow()).isEqualTo("class,p_setosa,p_versicolor,p_virginica");
  }

  @Test
  void weightsOfAnotherArchitectureAreRefusedNamingBothFingerprints() throws Exception {
    Path weights = tmp.resolve("iris.weights");
    assertThat(Cli.run("train", Cli.sample("iris").toString(), "--epochs", "1", "-o", weights.toString()).exitCode())
        .isZero();
    Cli.Run run = Cli.run("evaluate", Cli.sample("breast_cancer").toString(), "--weights", weights.toString());
    assertThat(run.exitCode()).isEqualTo(1);
    Matcher m = Pattern.compile("[0-9a-f]{16}").matcher(run.err());
    assertThat(m.find()).as(run.err()).isTrue();
    String first = m.group();
    assertThat(m.find()).as(run.err()).isTrue();
    assertThat(m.group()).isNotEqualTo(first);
    assertThat(run.err()).doesNotContain("\tat ");
  }

  @Test
  void evaluateReproducesTheTestMetricsOfTraining() throws Exception {
    Path weights = tmp.resolve("iris.weights");
    Cli.Run train = Cli.run("train", Cli.sample("iris").toString(), "-o", weights.toString());
    assertThat(train.exitCode()).as(train.toString()).isZero();
    String testLine = train.out().lines().filter(l -> l.startsWith("test: ")).findFirst().orElseThrow();
    Cli.Run eval = Cli.run("evaluate", Cli.sample("iris").toString(), "--weights", weights.toString());
    assertThat(eval.exitCode()).as(eval.toString()).isZero();
    assertThat(eval.out()).contains(testLine.substring("test: ".length()));
    assertThat(eval.out()).contains("setosa").contains("virginica");
  }

  /** A number from the "test" object of the --json output. */
  static double testValue(String json, String key) {
    Matcher m = Pattern.compile("\"test\": \\{[^}]*\"" + key + "\": ([-0-9.eE]+)").matcher(json);
    assertThat(m.find()).as(json).isTrue();
    return Double.parseDouble(m.group(1));
  }
}
