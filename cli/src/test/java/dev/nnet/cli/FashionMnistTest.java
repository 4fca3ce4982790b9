package dev.nnet.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fashion-MNIST, 784 → dense 128 relu → dense 10 softmax, adam 0.001, batch 32, 10 epochs: test accuracy ≥ 0.875
 * (PyTorch and scikit-learn reach 0.880 and 0.881 with this model). The data comes from Debian's
 * dataset-fashion-mnist package: the test runs whenever it is installed, and is required under CI.
 */
@Tag("slow") // trains on Fashion-MNIST
class FashionMnistTest {
  static final Path DATA = Path.of("/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz");

  @TempDir Path tmp;

  static void requireData() {
    boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
    if (ci) {
      assertThat(DATA).as("CI must install Debian's dataset-fashion-mnist (see .ci/run)").exists();
    }
    assumeTrue(Files.exists(DATA), "Fashion-MNIST is not installed (apt-get install dataset-fashion-mnist)");
  }

  @Test
  void mlpReachesItsTestAccuracy() throws Exception {
    requireData();
    Path json = tmp.resolve("run.json");
    Cli.Run run =
        Cli.run("train", Cli.sample("fashion_mlp").toString(), "-o", tmp.resolve("f.weights").toString(), "--json",
            json.toString());
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(TrainingTest.testValue(Files.readString(json), "accuracy")).as(run.out()).isGreaterThanOrEqualTo(0.875);
  }
}
