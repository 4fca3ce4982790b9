package dev.nnet.cli.usability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code summary}: the layer table, FLOPs per sample and memory at a batch size, checked against hand counts. */
class SummaryCommandTest {
  @TempDir Path dir;

  @Test
  void irisCountsAsByHand() {
    Path model = Cli.repoRoot().resolve("samples/iris/iris.nnet");
    Cli.Result r = Cli.run(dir, "summary", model.toString());
    assertThat(r.exit()).as(r.toString()).isZero();
    // dense 4→16 relu: 2·4·16 multiply-adds + 16 bias + 16 relu; dense 16→3 softmax: 2·16·3 + 3 + 3.
    long flops = 2 * 4 * 16 + 16 + 16 + 2 * 16 * 3 + 3 + 3;
    assertThat(r.out()).contains("Forward FLOPs per sample: " + flops + "\n");
    // 131 float32 parameters; activations per sample 4 (input) + 16 + 3, at the model's batch size of 16.
    assertThat(r.out()).contains("Total params: 131 (524.00 B)");
    assertThat(r.out()).contains("Memory at batch size 16 (float32): parameters 524.00 B, activations "
        + kilobytes((4 + 16 + 3) * 16 * 4));
  }

  @Test
  void activationMemoryScalesWithTheBatchSizeGiven() {
    Path model = Cli.repoRoot().resolve("samples/iris/iris.nnet");
    Cli.Result r = Cli.run(dir, "summary", model.toString(), "--batch-size", "64");
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(r.out()).contains("Memory at batch size 64 (float32): parameters 524.00 B, activations "
        + kilobytes((4 + 16 + 3) * 64 * 4));
    Cli.Result bad = Cli.run(dir, "summary", model.toString(), "--batch-size", "0");
    assertThat(bad.exit()).isEqualTo(2);
  }

  @Test
  void convolutionalModelTotalsAreTheSumOfItsLayers() {
    Path model = Cli.repoRoot().resolve("samples/fashion_cnn/fashion_cnn.nnet");
    Cli.Result r = Cli.run(dir, "summary", model.toString());
    assertThat(r.exit()).as(r.toString()).isZero();
    long sum = 0;
    Matcher row = Pattern.compile("(?m)^ \\S+ \\(\\w+\\)\\s+\\(None[^)]*\\)\\s+([\\d,]+)$").matcher(r.out());
    int layers = 0;
    while (row.find()) {
      sum += Long.parseLong(row.group(1).replace(",", ""));
      layers++;
    }
    assertThat(layers).isEqualTo(7);
    assertThat(r.out()).contains(String.format(Locale.ROOT, "Total params: %,d ", sum));
    // conv 3x3x1→32 on 26x26 outputs alone: 2·9·1 multiply-adds per output value, 26·26·32 values.
    Matcher flops = Pattern.compile("Forward FLOPs per sample: ([\\d,]+)").matcher(r.out());
    assertThat(flops.find()).isTrue();
    assertThat(Long.parseLong(flops.group(1).replace(",", ""))).isGreaterThan(2L * 9 * 26 * 26 * 32);
    assertThat(r.out()).containsPattern(
        "Memory at batch size \\d+ \\(float32\\): parameters [\\d.]+ KB, activations [\\d.]+ MB");
  }

  private static String kilobytes(long bytes) {
    return String.format(Locale.ROOT, "%.2f KB", bytes / 1024.0);
  }
}
