package dev.nnet.compiler.javac;

import static dev.nnet.compiler.codegen.TestModels.model;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.nnet.compiler.model.Activation;
import dev.nnet.compiler.model.ActivationKind;
import dev.nnet.compiler.model.Initializer;
import dev.nnet.compiler.model.LossKind;
import dev.nnet.compiler.model.ModelSpec;
import dev.nnet.compiler.model.Padding;
import dev.nnet.compiler.model.PoolKind;
import dev.nnet.compiler.model.Precision;
import dev.nnet.runtime.Dataset;
import dev.nnet.runtime.Network;
import dev.nnet.runtime.Parameter;
import dev.nnet.runtime.Rng;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Generated convolutional networks compiled and run. */
@Tag("slow") // javac-heavy: convolutional networks compiled and trained
class ConvolutionalNetworkTest {
  static final ModelSpec BARS = model("Bars", 6, 6, 1)
      .batchSize(16)
      .conv2d("conv1", 4, 3, 3, 1, 1, Padding.SAME, ActivationKind.LINEAR, false, 0)
      .batchNorm("bn1")
      .activation("relu1", ActivationKind.RELU)
      .pool2d("pool1", PoolKind.MAX, 2, 2, Padding.VALID)
      .conv2d("conv2", 4, 2, 1, Padding.SAME, ActivationKind.RELU)
      .globalAveragePool2d("gap")
      .dense("out", 2, ActivationKind.SOFTMAX)
      .loss(LossKind.SPARSE_CATEGORICAL_CROSSENTROPY)
      .build();

  /** 6×6 images of one horizontal (class 0) or vertical (class 1) bar at a random place, plus noise. */
  static Dataset bars(int rows, long seed) {
    Rng rng = new Rng(seed);
    float[] x = new float[rows * 36];
    float[] t = new float[rows];
    for (int r = 0; r < rows; r++) {
      int cls = rng.nextInt(2);
      int line = rng.nextInt(6);
      for (int i = 0; i < 6; i++) {
        int pixel = cls == 0 ? line * 6 + i : i * 6 + line;
        x[r * 36 + pixel] = 1;
      }
      for (int p = 0; p < 36; p++) {
        x[r * 36 + p] += (float) (0.2 * rng.nextDouble());
      }
      t[r] = cls;
    }
    return new Dataset(x, 36, t, 1, rows, List.of("horizontal", "vertical"));
  }

  @Test
  void smallCnnLearnsToTellBarsApart() {
    Network net = GeneratedNetworkTest.compile(BARS, Precision.FLOAT32);
    net.initialize(4);
    Dataset train = bars(256, 1);
    int[] order = IntStream.range(0, train.rows()).toArray();
    double first = GeneratedNetworkTest.epoch(net, train, order, 0.1);
    double last = first;
    for (int e = 0; e < 40; e++) {
      net.random().shuffle(order);
      last = GeneratedNetworkTest.epoch(net, train, order, 0.1);
    }
    assertThat(last).isLessThan(first / 3);
    assertThat(GeneratedNetworkTest.accuracy(net, bars(128, 2))).isGreaterThan(0.95);
  }

  @Test
  void batchNormInfersWithMovingAveragesThatTrackTheBatch() {
    ModelSpec model = model("Bn", 3)
        .dense("dense", 2, Activation.LINEAR, Initializer.ONES, false, 0)
        .batchNorm("bn")
        .build();
    Network net = GeneratedNetworkTest.compile(model, Precision.FLOAT64, 4);
    net.initialize(1);
    Dataset data = new Dataset(new float[] {1, 2, 3, 0, 1, 0, 2, 2, 2, -1, 0, 1}, 3, new float[8], 2, 4, List.of());
    net.loadBatch(data, new int[] {0, 1, 2, 3}, 0, 4);
    net.forward(false);
    // fresh moving statistics (mean 0, variance 1): inference is x/√(1 + ε)
    assertThat(net.output(0, 0)).isCloseTo(6 / Math.sqrt(1 + 1e-3), within(1e-12));
    double[] training = new double[4];
    for (int step = 0; step < 2000; step++) {
      net.forward(true);
    }
    for (int r = 0; r < 4; r++) {
      training[r] = net.output(r, 0);
    }
    net.forward(false);
    for (int r = 0; r < 4; r++) {
      // after many identical batches the moving statistics equal the batch's: inference = training output
      assertThat(net.output(r, 0)).isCloseTo(training[r], within(1e-6));
    }
    Parameter movingMean = net.parameters().stream().filter(p -> p.name().equals("bn.moving_mean")).findFirst()
        .orElseThrow();
    assertThat(movingMean.trainable()).isFalse();
    assertThat(movingMean.get(0)).isCloseTo((6 + 1 + 6 + 0) / 4.0, within(1e-6));
  }
}
