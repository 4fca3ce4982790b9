package dev.nnet.cli.usability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code train} shows and leaves behind: plain lines per epoch off a terminal, a throttled progress bar on
 * one, the history as CSV beside the saved model, the chart as PNG, the run as JSON.
 */
class TrainOutputTest {
  private static final Pattern EPOCH_LINE =
      Pattern.compile("epoch (\\d)/4  loss (\\d\\.\\d{4})  accuracy (\\d\\.\\d{4})  val_loss (\\d\\.\\d{4})"
          + "  val_accuracy (\\d\\.\\d{4})  \\d+\\.\\d\\ds");

  @TempDir Path dir;

  @BeforeEach
  void iris() throws IOException {
    Cli.copySample(dir, "iris");
    // The sample with a validation split, so the history has validation columns too.
    Path model = dir.resolve("samples/iris/iris.nnet");
    String text = Files.readString(model).replaceAll("train \\{([^}]*)\\}", "train {$1 validation_split 0.2 }");
    Files.writeString(dir.resolve("samples/iris/iris_val.nnet"), text);
  }

  @Test
  void offATerminalEachEpochIsOneLineAndTheHistoryIsWrittenBesideTheModel() throws IOException {
    Cli.Result r = Cli.run(dir, "train", "samples/iris/iris_val.nnet", "--epochs", "4", "-o", "out/iris.weights",
        "--json", "out/run.json");
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(r.out()).doesNotContain("\r");
    List<String> epochLines = r.out().lines().filter(l -> l.startsWith("epoch ")).toList();
    assertThat(epochLines).hasSize(4);
    for (int e = 0; e < 4; e++) {
      assertThat(epochLines.get(e)).matches(EPOCH_LINE).startsWith("epoch " + (e + 1) + "/4");
    }
    assertThat(r.out()).contains("history " + dir.resolve("out/iris.history.csv") + ", chart "
        + dir.resolve("out/iris.history.png"));

    // The CSV holds exactly what the lines said, at full precision.
    List<String> csv = Files.readAllLines(dir.resolve("out/iris.history.csv"));
    assertThat(csv.get(0)).isEqualTo("epoch,seconds,loss,accuracy,val_loss,val_accuracy");
    assertThat(csv).hasSize(5);
    for (int e = 0; e < 4; e++) {
      String[] cells = csv.get(e + 1).split(",");
      assertThat(cells[0]).isEqualTo(Integer.toString(e + 1));
      Matcher m = EPOCH_LINE.matcher(epochLines.get(e));
      assertThat(m.matches()).isTrue();
      for (int k = 0; k < 4; k++) {
        assertThat(String.format(Locale.ROOT, "%.4f", Double.parseDouble(cells[2 + k]))).isEqualTo(m.group(2 + k));
      }
    }
    Png.assertChart(dir.resolve("out/iris.history.png"), 2, true);

    String json = Files.readString(dir.resolve("out/run.json"));
    assertThat(json).contains("\"model\": \"Iris\"")
        .contains("\"history\": \"" + dir.resolve("out/iris.history.csv") + "\"")
        .contains("\"plot\": \"" + dir.resolve("out/iris.history.png") + "\"")
        .contains("\"stopped_early\": false");
    assertThat(Pattern.compile("\\{\"epoch\": \\d, \"seconds\": [^,]+, \"loss\": [^,]+, \"accuracy\": [^,]+,"
        + " \"val_loss\": [^,]+, \"val_accuracy\": [^}]+}").matcher(json).results().count()).isEqualTo(4);
    assertThat(json).containsPattern("\"test\": \\{\"loss\": 0\\.\\d+, \"accuracy\": [01]\\.?\\d*}");
  }

  @Test
  void plotGoesWhereAskedAndNoPlotDrawsNone() throws IOException {
    Cli.Result r = Cli.run(dir, "train", "samples/iris/iris.nnet", "--epochs", "3", "-o", "a/iris.weights",
        "--plot", "charts/iris.png", "-q");
    assertThat(r.exit()).as(r.toString()).isZero();
    Png.assertChart(dir.resolve("charts/iris.png"), 2, false);
    assertThat(dir.resolve("a/iris.history.png")).doesNotExist();
    assertThat(dir.resolve("a/iris.history.csv")).exists();

    r = Cli.run(dir, "train", "samples/iris/iris.nnet", "--epochs", "3", "-o", "b/iris.weights", "--no-plot");
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(dir.resolve("b/iris.history.csv")).exists();
    assertThat(dir.resolve("b/iris.history.png")).doesNotExist();
    assertThat(r.out()).contains("history " + dir.resolve("b/iris.history.csv")).doesNotContain("chart");
  }

  @Test
  void withoutOutTheHistoryGoesBesideTheModelFile() throws IOException {
    Cli.Result r = Cli.run(dir, "train", "samples/iris/iris.nnet", "--epochs", "2", "--no-plot");
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(dir.resolve("samples/iris/iris.weights")).exists();
    assertThat(Files.readAllLines(dir.resolve("samples/iris/iris.history.csv"))).hasSize(3);
  }

  @Test
  void verboseAddsTheSummaryAndThroughput() {
    Cli.Result r = Cli.run(dir, "train", "samples/iris/iris.nnet", "--epochs", "2", "-o", "v/iris.weights",
        "--verbose", "--no-plot");
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(r.out()).contains("Model: \"Iris\"").contains("Forward FLOPs per sample");
    assertThat(r.out().lines().filter(l -> l.startsWith("epoch ")))
        .allMatch(l -> l.matches(".*\\d\\.\\d\\ds  [\\d,]+ samples/s"));
  }

  @Test
  void conflictingOptionsAreUsageErrors() {
    for (String[] args : List.of(
        new String[] {"--quiet", "--verbose"},
        new String[] {"--plot", "x.png", "--no-plot"},
        new String[] {"--plot", "chart.svg"})) {
      String[] all = new String[args.length + 2];
      all[0] = "train";
      all[1] = "samples/iris/iris.nnet";
      System.arraycopy(args, 0, all, 2, args.length);
      Cli.Result r = Cli.run(dir, all);
      assertThat(r.exit()).as(r.toString()).isEqualTo(2);
      assertThat(r.err().lines().findFirst().orElseThrow()).startsWith("nnet: ").containsAnyOf("exclude", ".png");
      assertThat(r.err()).contains("Usage: nnet train");
    }
  }

  @Test
  void onATerminalABarIsRedrawnInPlaceAtMostTenTimesASecond() throws IOException {
    Path model = manySteps();
    Cli.Result r = Cli.run(dir, true, "train", model.toString(), "--epochs", "2", "-o", "bar/wide.weights",
        "--no-plot");
    assertThat(r.exit()).as(r.toString()).isZero();
    List<String> csv = Files.readAllLines(dir.resolve("bar/wide.history.csv"));
    for (int epoch = 1; epoch <= 2; epoch++) {
      double seconds = Double.parseDouble(csv.get(epoch).split(",")[1]);
      Pattern bar = Pattern.compile("\repoch " + epoch + "/2 \\[[=> ]{10,30}\\] +(\\d+)/500  \\d:\\d\\d<\\d:\\d\\d"
          + "  loss (\\d+\\.\\d{4})  accuracy (\\d\\.\\d{4}) *");
      List<Matcher> draws = Pattern.compile("\r[^\r\n]*").matcher(r.out()).results()
          .map(m -> bar.matcher(m.group())).filter(Matcher::matches).toList();
      // Step 1 is drawn at once, then at most one redraw per 100 ms.
      assertThat(draws.size()).as("redraws in epoch %d of %.2f s", epoch, seconds)
          .isBetween(Math.min(2, 1 + (int) (seconds / 0.1) - 1), 1 + (int) Math.ceil(seconds / 0.1));
      int previous = 0;
      for (Matcher m : draws) {
        int step = Integer.parseInt(m.group(1));
        assertThat(step).isGreaterThan(previous).isLessThan(500);
        previous = step;
        assertThat(Double.parseDouble(m.group(3))).isBetween(0.0, 1.0);
      }
      // The bar then gives way to the epoch's line.
      assertThat(r.out()).containsPattern("\r +\repoch " + epoch + "/2  loss \\d+\\.\\d{4}  accuracy \\d\\.\\d{4}");
    }
    int columns = columns();
    for (String segment : r.out().split("[\r\n]")) {
      assertThat(segment.length()).isLessThan(columns);
    }
  }

  private static int columns() {
    String c = System.getenv("COLUMNS");
    try {
      int n = c == null ? 80 : Integer.parseInt(c.trim());
      return n >= 40 && n <= 1000 ? n : 80;
    } catch (NumberFormatException e) {
      return 80;
    }
  }

  /** A model and data with 500 steps of real work per epoch, so that an epoch lasts long enough to redraw. */
  private Path manySteps() throws IOException {
    Random random = new Random(1);
    StringBuilder csv = new StringBuilder();
    for (int j = 0; j < 64; j++) {
      csv.append('f').append(j).append(',');
    }
    csv.append("label\n");
    for (int r = 0; r < 4000; r++) {
      double sum = 0;
      for (int j = 0; j < 64; j++) {
        double v = random.nextGaussian();
        sum += j % 2 == 0 ? v : -v;
        csv.append(String.format(Locale.ROOT, "%.3f,", v));
      }
      csv.append(sum > 0 ? "plus" : "minus").append('\n');
    }
    Files.writeString(dir.resolve("wide.csv"), csv);
    Path model = dir.resolve("wide.nnet");
    Files.writeString(model, """
        model Wide
        input [64]
        dense 256 relu
        dense 256 relu
        dense 2 softmax
        loss sparse_categorical_crossentropy
        metrics accuracy
        train { batch_size 8  epochs 2  seed 1 }
        data { train csv("wide.csv", label = "label") }
        """);
    return model;
  }
}
