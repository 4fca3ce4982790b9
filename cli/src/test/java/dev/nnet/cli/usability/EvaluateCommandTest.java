package dev.nnet.cli.usability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code evaluate}: the metrics on the test data and, for classification, a confusion matrix named by class whose
 * per-class precision and recall (and the accuracy) agree with its own counts.
 */
class EvaluateCommandTest {
  @TempDir Path dir;

  @Test
  void multiclassReportIsConsistentWithItsMatrix() throws IOException {
    Cli.copySample(dir, "iris");
    Cli.Result train = Cli.run(dir, "train", "samples/iris/iris.nnet", "--epochs", "20", "-o", "iris.weights",
        "--no-plot");
    assertThat(train.exit()).as(train.toString()).isZero();
    Cli.Result r = Cli.run(dir, "evaluate", "samples/iris/iris.nnet", "--weights", "iris.weights");
    assertThat(r.exit()).as(r.toString()).isZero();
    List<String> lines = r.out().lines().toList();
    assertThat(lines.get(0)).isEqualTo("Iris on 30 test samples");
    assertThat(lines.get(1)).matches("loss \\d\\.\\d{4}  accuracy \\d\\.\\d{4}");
    // The same test metrics as training printed: the same split, the same weights.
    String testLine = train.out().lines().filter(l -> l.startsWith("test: ")).findFirst().orElseThrow();
    assertThat("test: " + lines.get(1)).isEqualTo(testLine);
    checkReport(lines, List.of("setosa", "versicolor", "virginica"), 30,
        Double.parseDouble(lines.get(1).replaceAll(".*accuracy ", "")));
  }

  @Test
  void binaryReportNamesBothClasses() throws IOException {
    Cli.copySample(dir, "breast_cancer");
    Cli.Result train = Cli.run(dir, "train", "samples/breast_cancer/breast_cancer.nnet", "--epochs", "5", "-o",
        "bc.weights", "--no-plot");
    assertThat(train.exit()).as(train.toString()).isZero();
    Cli.Result r = Cli.run(dir, "evaluate", "samples/breast_cancer/breast_cancer.nnet", "--weights", "bc.weights");
    assertThat(r.exit()).as(r.toString()).isZero();
    List<String> lines = r.out().lines().toList();
    assertThat(lines.get(1))
        .matches("loss \\d\\.\\d{4}  accuracy \\d\\.\\d{4}  precision \\d\\.\\d{4}  recall \\d\\.\\d{4}");
    int samples = Integer.parseInt(lines.get(0).replaceAll("\\D+", ""));
    assertThat(samples).isEqualTo(114); // a fifth of 569, rounded as the split rounds
    List<String> classes = new ArrayList<>();
    int header = lines.indexOf(lines.stream().filter(l -> l.startsWith("true \\ predicted")).findFirst().orElseThrow());
    classes.add(lines.get(header + 1).split("\\s+")[0]);
    classes.add(lines.get(header + 2).split("\\s+")[0]);
    assertThat(classes).doesNotHaveDuplicates().allMatch(c -> !c.isBlank());
    checkReport(lines, classes, samples, Double.parseDouble(lines.get(1).split("\\s+")[3]));
  }

  @Test
  void evaluatingOnAGivenFileSaysWhichFile() throws IOException {
    Cli.copySample(dir, "iris");
    Cli.run(dir, "train", "samples/iris/iris.nnet", "--epochs", "5", "-o", "iris.weights", "--no-plot");
    Cli.Result r = Cli.run(dir, "evaluate", "samples/iris/iris.nnet", "--weights", "iris.weights", "--data",
        "samples/iris/iris.csv", "--label", "species");
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(r.out().lines().findFirst().orElseThrow())
        .isEqualTo("Iris on 150 " + dir.resolve("samples/iris/iris.csv") + " samples");
  }

  /** Parses the matrix and the per-class table, and checks each against the other. */
  private static void checkReport(List<String> lines, List<String> classes, int samples, double accuracy) {
    int header = -1;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith("true \\ predicted")) {
        header = i;
      }
    }
    assertThat(header).as("a confusion matrix in:%n%s", String.join("\n", lines)).isPositive();
    int k = classes.size();
    long[][] counts = new long[k][k];
    long total = 0;
    long trace = 0;
    for (int t = 0; t < k; t++) {
      String[] cells = lines.get(header + 1 + t).trim().split("\\s+");
      assertThat(cells[0]).isEqualTo(classes.get(t));
      for (int p = 0; p < k; p++) {
        counts[t][p] = Long.parseLong(cells[1 + p]);
        total += counts[t][p];
      }
      trace += counts[t][t];
    }
    assertThat(total).isEqualTo(samples);
    assertThat((double) trace / total).isCloseTo(accuracy, within(5e-5));
    int table = header + k + 2;
    assertThat(lines.get(table)).matches("class\\s+precision\\s+recall\\s+f1\\s+support");
    double precisionSum = 0;
    double recallSum = 0;
    int present = 0;
    for (int c = 0; c < k; c++) {
      String[] cells = lines.get(table + 1 + c).trim().split("\\s+");
      assertThat(cells[0]).isEqualTo(classes.get(c));
      long predicted = 0;
      long support = 0;
      for (int i = 0; i < k; i++) {
        predicted += counts[i][c];
        support += counts[c][i];
      }
      double precision = predicted == 0 ? 0 : (double) counts[c][c] / predicted;
      double recall = support == 0 ? 0 : (double) counts[c][c] / support;
      assertThat(cells[1]).isEqualTo(String.format(Locale.ROOT, "%.4f", precision));
      assertThat(cells[2]).isEqualTo(String.format(Locale.ROOT, "%.4f", recall));
      assertThat(Long.parseLong(cells[4])).isEqualTo(support);
      if (predicted > 0 || support > 0) {
        precisionSum += precision;
        recallSum += recall;
        present++;
      }
    }
    String[] macro = lines.get(table + 1 + k).trim().split("\\s+");
    assertThat(macro[0] + " " + macro[1]).isEqualTo("macro average");
    assertThat(Double.parseDouble(macro[2])).isCloseTo(precisionSum / present, within(5e-5));
    assertThat(Double.parseDouble(macro[3])).isCloseTo(recallSum / present, within(5e-5));
    assertThat(Long.parseLong(macro[5])).isEqualTo(samples);
  }
}
