package dev.nnet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The convolutional samples trained end to end through the command line, on their own data, epochs and seeds:
 * keras.io's "Simple MNIST convnet" on Fashion-MNIST ({@code samples/fashion_cnn}: adam, batch 128, at most 15
 * epochs) must reach a test accuracy of 0.90, and the small convnet on the digits as 8×8×1 images
 * ({@code samples/digits_cnn}) 0.97. Fashion-MNIST comes from Debian's dataset-fashion-mnist package: that test runs
 * whenever it is installed, and is required under CI.
 */
@Tag("slow") // convnet acceptance: trains on real data for minutes
class ConvNetTest {
  @TempDir Path tmp;

  @Test
  void kerasConvnetReachesNinetyPercentOnFashionMnist() throws Exception {
    FashionMnistTest.requireData();
    String json = train("fashion_cnn");
    assertThat(epochs(json)).as("epochs trained").isBetween(1, 15);
    assertThat(TrainingTest.testValue(json, "accuracy")).as(json).isGreaterThanOrEqualTo(0.90);
  }

  @Test
  void smallConvnetReadsTheDigitsAsImages() throws Exception {
    String json = train("digits_cnn");
    assertThat(TrainingTest.testValue(json, "accuracy")).as(json).isGreaterThanOrEqualTo(0.97);
  }

  /** Trains a sample as its file says and returns the run's JSON (history and test metrics). */
  private String train(String sample) throws Exception {
    Path json = tmp.resolve(sample + ".json");
    Cli.Run run =
        Cli.run("train", Cli.sample(sample).toString(), "-o", tmp.resolve(sample + ".weights").toString(), "--json",
            json.toString());
    assertThat(run.exitCode()).as(run.toString()).isZero();
    return Files.readString(json);
  }

  /** The number of epochs in the run's history. */
  private static int epochs(String json) {
    Matcher m = Pattern.compile("\"epoch\": (\\d+)").matcher(json);
    int last = 0;
    while (m.find()) {
      last = Integer.parseInt(m.group(1));
    }
    return last;
  }
}
