package dev.nnet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A recurrent network trained end to end through the command line on real data: {@code samples/fashion_gru}, a
 * GRU reading Fashion-MNIST's images as 28 steps of 28 pixels, must reach a test accuracy of 0.83 in its 2 epochs
 * (measured: 0.856, so the bar leaves a margin for other thread counts' rounding). Fashion-MNIST comes from
 * Debian's dataset-fashion-mnist package.
 */
@Tag("slow") // trains on 60,000 sequences: a minute or more
class RecurrentTrainingTest {
  @TempDir Path tmp;

  @Test
  void gruOverImageRowsLearnsFashionMnist() throws Exception {
    FashionMnistTest.requireData();
    Path json = tmp.resolve("fashion_gru.json");
    Cli.Run run = Cli.run("train", Cli.sample("fashion_gru").toString(), "-o",
        tmp.resolve("fashion_gru.weights").toString(), "--json", json.toString());
    assertThat(run.exitCode()).as(run.toString()).isZero();
    String history = Files.readString(json);
    assertThat(TrainingTest.testValue(history, "accuracy")).as(history).isGreaterThanOrEqualTo(0.83);
  }
}
