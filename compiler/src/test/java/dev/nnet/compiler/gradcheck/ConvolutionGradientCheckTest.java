package dev.nnet.compiler.gradcheck;

import static dev.nnet.compiler.codegen.TestModels.model;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.nnet.compiler.model.Activation;
import dev.nnet.compiler.model.ActivationKind;
import dev.nnet.compiler.model.Initializer;
import dev.nnet.compiler.model.LossKind;
import dev.nnet.compiler.model.Padding;
import dev.nnet.compiler.model.PoolKind;
import dev.nnet.runtime.Dataset;
import dev.nnet.runtime.Network;
import dev.nnet.runtime.Parameter;
import dev.nnet.runtime.blas.MatMul;
import dev.nnet.runtime.blas.MatMulBackend;
import dev.nnet.runtime.layer.Conv2dChunks;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Gradient checks of generated phase-2 layers: convolution, pooling, global average pooling and batch
 * normalization, over strides 1 and 2, valid and same padding, odd and even sizes. See {@link GradientCheck}.
 */
@Tag("slow") // javac-heavy: one compilation per layer configuration
class ConvolutionGradientCheckTest {
  @Test
  void convValidStride1OddSizes() throws Exception {
    GradientCheck.check(model("ConvValid", 5, 5, 2)
        .conv2d("conv1", 3, 3, 1, Padding.VALID, ActivationKind.RELU)
        .conv2d("conv2", 2, 2, 1, Padding.VALID, ActivationKind.TANH)
        .flatten("flat")
        .dense("out", 3, ActivationKind.LINEAR)
        .build());
  }

  @Test
  void convSameStride2EvenSizesWithActivationNeedingItsInput() throws Exception {
    GradientCheck.check(model("ConvSameEven", 6, 6, 2)
        .conv2d("conv1", 3, 3, 2, Padding.SAME, ActivationKind.SWISH)
        .flatten("flat")
        .dense("out", 2, ActivationKind.LINEAR)
        .build());
  }

  @Test
  void convSameStride2OddSizesEvenKernelL2GlobalPoolSoftmax() throws Exception {
    GradientCheck.check(model("ConvSameOdd", 5, 5, 1)
        .conv2d("conv1", 2, 2, 2, 2, 2, Padding.SAME, ActivationKind.LINEAR, true, 0.01)
        .conv2d("conv2", 3, 3, 1, Padding.SAME, ActivationKind.ELU)
        .globalAveragePool2d("gap")
        .dense("out", 3, ActivationKind.SOFTMAX)
        .loss(LossKind.CATEGORICAL_CROSSENTROPY)
        .build());
  }

  @Test
  void convRectangularKernelAndStridesWithoutBias() throws Exception {
    GradientCheck.check(model("ConvRect", 5, 6, 2)
        .conv2d("conv1", 3, 3, 2, 2, 1, Padding.VALID, ActivationKind.SIGMOID, false, 0)
        .conv2d("conv2", 2, 2, 3, 1, 2, Padding.SAME, ActivationKind.GELU, true, 0)
        .flatten("flat")
        .dense("out", 2, ActivationKind.LINEAR)
        .build());
  }

  @Test
  void convOverABatchInSeveralChunks() throws Exception {
    // A 30×30 image under 8 filters of 7×7 is 576 pixels × (49 + 8) values × 8 bytes = 262,656 bytes of patches and
    // product a sample, so the runtime's DoubleConv2d goes 3 samples at a time: the 4 rows are a full chunk and a partial
    // one, which backward visits last first, making the first chunk's patches again, adding up both kernel
    // gradients and writing each chunk's input gradient. Smooth functions (tanh, average) keep the central
    // differences away from kinks; every parameter is checked, and every 5th input value of every row.
    var model = model("ConvChunks", 30, 30, 1)
        .conv2d("conv1", 8, 7, 1, Padding.VALID, ActivationKind.TANH)
        .pool2d("pool1", PoolKind.AVERAGE, 4, 4, Padding.VALID)
        .flatten("flat")
        .dense("out", 2, ActivationKind.LINEAR)
        .build();
    assertThat(Conv2dChunks.samples(24 * 24, 7 * 7, 8, Double.BYTES)).isEqualTo(3);
    Network net = GradientCheck.compile(model, 6);

    Dataset data = GradientCheck.data(model, 4, 7);
    net.initialize(11);
    GradientCheck.assertWithin(parameterAndInputEntries(net, data, 4));
  }

  @Test
  void convOverChunksInSeveralParts() throws Exception {
    // A convolution over 10 rows: 4 chunks (3, 3, 3 and 1 samples), cut into 1, 2 or 3 parts that run on as many
    // threads, each part with its own buffers and its own sums of dK and db, added in part order. With smooth
    // functions (tanh, average pooling), 3 parts give the gradient the central differences give.
    GradientCheck.assertWithin(withThreads(3, () ->
        parameterAndInputEntries(inParts(ActivationKind.TANH, PoolKind.AVERAGE), DATA, 10)));
  }

  @Test
  void partCountsDifferOnlyByRounding() throws Exception {
    // Fused relu and 2×2 max pooling (kinks the central differences could straddle) in 1, 2 and 3 parts: the counts
    // differ only by rounding (the parts' sums are grouped differently), and the same count gives the same bits.
    List<double[]> gradients = new ArrayList<>();
    for (int threads = 1; threads <= 3; threads++) {
      gradients.add(withThreads(threads, () -> {
        Network net = inParts(ActivationKind.RELU, PoolKind.MAX);
        double[] once = gradients(net, DATA, 10);
        assertThat(gradients(net, DATA, 10)).as("the same parts twice").isEqualTo(once);
        return once;
      }));
    }
    agreeWithOneThread(gradients);
  }

  @Test
  void batchNormAndActivationsOverLargeSamplesRunInParts() throws Exception {
    // Feature maps of 24×24×8 = 4,608 values a sample (over ClassBuilder.PART_MIN_SAMPLE_VALUES): batch
    // normalization and the activation layers run in parts, a range of samples per thread. 1, 2 and 3 parts differ
    // only by rounding (the convolution's and the batch statistics' sums are grouped by part), and 3 parts give the
    // gradient the central differences give.
    for (String job : List.of("bnSumsJob", "bnNormalizeJob", "bnGradientSumsJob", "bnInputGradientJob",
        "act1ForwardJob", "act1BackwardJob", "act2ForwardJob", "act2BackwardJob")) {
      assertThat(activationsInParts().getClass().getDeclaredField(job)).as("the parts' job " + job).isNotNull();
    }
    List<double[]> gradients = new ArrayList<>();
    for (int threads = 1; threads <= 3; threads++) {
      gradients.add(withThreads(threads, () -> gradients(activationsInParts(), DATA, 10)));
    }
    agreeWithOneThread(gradients);
    GradientCheck.assertWithin(withThreads(3, () -> parameterAndInputEntries(activationsInParts(), DATA, 10)));
  }

  /**
   * A convolution whose output goes through batch normalization and two standalone activation layers, all large
   * enough to run in parts.
   */
  private static Network activationsInParts() {
    Network net = GradientCheck.compile(model("ActivationParts", 30, 30, 1)
        .conv2d("conv1", 8, 7, 7, 1, 1, Padding.VALID, ActivationKind.LINEAR, false, 0)
        .batchNorm("bn")
        .activation("act1", ActivationKind.TANH)
        .activation("act2", ActivationKind.SOFTMAX)
        .pool2d("pool1", PoolKind.AVERAGE, 4, 4, Padding.VALID)
        .flatten("flat")
        .dense("out", 2, ActivationKind.LINEAR)
        .build(), 10);
    net.initialize(7);
    return net;
  }

  /** The gradients of 2, 3, ... threads (after the first, of one) agree with one thread's to 1e-12 (relative). */
  private static void agreeWithOneThread(List<double[]> gradients) {
    double[] one = gradients.get(0);
    for (int t = 1; t < gradients.size(); t++) {
      for (int i = 0; i < one.length; i++) {
        assertThat(gradients.get(t)[i]).as("gradient %d with %d threads", i, t + 1)
            .isCloseTo(one[i], within(1e-12 * (1 + Math.abs(one[i]))));
      }
    }
  }

  /** Samples for {@link #inParts} models. */
  private static final Dataset DATA = GradientCheck.data(partsModel(ActivationKind.TANH, PoolKind.AVERAGE), 10, 3);

  private static dev.nnet.compiler.model.ModelSpec partsModel(ActivationKind activation, PoolKind pool) {
    return model("ConvParts" + activation + pool, 30, 30, 1)
        .conv2d("conv1", 8, 7, 1, Padding.VALID, activation)
        .pool2d("pool1", pool, 2, 2, Padding.VALID)
        .conv2d("conv2", 4, 3, 1, Padding.SAME, activation)
        .pool2d("pool2", pool, 4, 4, Padding.VALID)
        .flatten("flat")
        .dense("out", 2, ActivationKind.LINEAR)
        .build();
  }

  /** A {@link #partsModel} for 10 rows, initialized. */
  private static Network inParts(ActivationKind activation, PoolKind pool) {
    Network net = GradientCheck.compile(partsModel(activation, pool), 10);
    net.initialize(5);
    return net;
  }

  /** What {@code body} gives with the matrix multiply (and so the layers' parts) on {@code threads} threads. */
  private static <T> T withThreads(int threads, java.util.concurrent.Callable<T> body) throws Exception {
    MatMulBackend before = MatMul.backend();
    try {
      MatMul.select(before.name(), threads);
      assertThat(MatMul.team().threads()).isEqualTo(threads);
      return body.call();
    } finally {
      MatMul.setBackend(before);
    }
  }

  /** Every parameter's gradient after one training forward and backward pass over the first rows of data. */
  private static double[] gradients(Network net, Dataset data, int rows) {
    net.loadBatch(data, IntStream.range(0, rows).toArray(), 0, rows);
    net.forward(true);
    net.backward();
    return net.parameters().stream()
        .flatMapToDouble(p -> IntStream.range(0, p.size()).mapToDouble(p::gradient))
        .toArray();
  }

  /**
   * Analytic against central-difference gradients of every parameter, and of every 5th input value of every row
   * (smooth functions keep the differences away from kinks).
   */
  private static List<GradientCheck.Entry> parameterAndInputEntries(Network net, Dataset data, int rows)
      throws Exception {
    net.loadBatch(data, IntStream.range(0, rows).toArray(), 0, rows);
    net.forward(true);
    net.backward();
    List<GradientCheck.Entry> entries = new ArrayList<>();
    for (Parameter p : net.parameters()) {
      if (!p.trainable()) {
        continue; // batch normalization's moving statistics have no gradient
      }
      double[] analytic = IntStream.range(0, p.size()).mapToDouble(p::gradient).toArray();
      for (int i = 0; i < p.size(); i++) {
        double w = p.get(i);
        p.set(i, w + GradientCheck.STEP);
        double plus = net.forward(true);
        p.set(i, w - GradientCheck.STEP);
        double minus = net.forward(true);
        p.set(i, w);
        entries.add(new GradientCheck.Entry(p.name() + "[" + i + "]", analytic[i],
            (plus - minus) / (2 * GradientCheck.STEP)));
      }
    }
    Method inputGradient = net.getClass().getMethod("inputGradient", int.class, int.class);
    Method setInput = net.getClass().getMethod("setInput", int.class, int.class, double.class);
    int in = net.inputSize();
    double[] analytic = new double[rows * in];
    for (int r = 0; r < rows; r++) {
      for (int i = 0; i < in; i++) {
        analytic[r * in + i] = (double) inputGradient.invoke(net, r, i);
      }
    }
    for (int r = 0; r < rows; r++) {
      for (int i = r; i < in; i += 5) {
        double x = data.features()[r * in + i];
        setInput.invoke(net, r, i, x + GradientCheck.STEP);
        double plus = net.forward(true);
        setInput.invoke(net, r, i, x - GradientCheck.STEP);
        double minus = net.forward(true);
        setInput.invoke(net, r, i, x);
        entries.add(new GradientCheck.Entry("input[" + r + "][" + i + "]", analytic[r * in + i],
            (plus - minus) / (2 * GradientCheck.STEP)));
      }
    }
    return entries;
  }

  @Test
  void softmaxOverChannelsOfAnImage() throws Exception {
    GradientCheck.check(model("PixelSoftmax", 4, 3, 2)
        .conv2d("conv1", 3, 3, 1, Padding.SAME, ActivationKind.SOFTMAX)
        .build());
  }

  @Test
  void maxPoolValidStride2EvenSizes() throws Exception {
    GradientCheck.check(model("MaxValid", 6, 6, 2)
        .conv2d("conv1", 2, 3, 1, Padding.SAME, ActivationKind.LINEAR)
        .pool2d("pool1", PoolKind.MAX, 2, 2, Padding.VALID)
        .flatten("flat")
        .dense("out", 2, ActivationKind.LINEAR)
        .build());
  }

  @Test
  void maxPoolSameStride2OddSizesOnTheInput() throws Exception {
    GradientCheck.check(model("MaxSame", 5, 5, 2)
        .pool2d("pool1", PoolKind.MAX, 3, 2, Padding.SAME)
        .conv2d("conv1", 2, 2, 1, Padding.VALID, ActivationKind.TANH)
        .flatten("flat")
        .dense("out", 2, ActivationKind.LINEAR)
        .build());
  }

  @Test
  void averagePoolSameStride2OddSizes() throws Exception {
    GradientCheck.check(model("AvgSame", 5, 5, 2)
        .conv2d("conv1", 2, 3, 1, Padding.VALID, ActivationKind.LINEAR)
        .pool2d("pool1", PoolKind.AVERAGE, 2, 2, Padding.SAME)
        .flatten("flat")
        .dense("out", 2, ActivationKind.LINEAR)
        .build());
  }

  @Test
  void averagePoolValidStride1OverlappingWindows() throws Exception {
    GradientCheck.check(model("AvgValid", 4, 4, 3)
        .pool2d("pool1", PoolKind.AVERAGE, 2, 1, Padding.VALID)
        .conv2d("conv1", 2, 2, 1, Padding.VALID, ActivationKind.LINEAR)
        .flatten("flat")
        .dense("out", 2, ActivationKind.LINEAR)
        .build());
  }

  @Test
  void batchNormAfterDense() throws Exception {
    // no bias before batch normalization: its gradient would be exactly zero, the mean subtraction cancels it
    GradientCheck.check(model("BnDense", 5)
        .dense("hidden", 6, Activation.LINEAR, Initializer.GLOROT_UNIFORM, false, 0)
        .batchNorm("bn")
        .activation("act", ActivationKind.TANH)
        .dense("out", 3, ActivationKind.LINEAR)
        .build());
  }

  @Test
  void batchNormOfImagesAndOfTheInput() throws Exception {
    GradientCheck.check(model("BnImage", 4, 4, 2)
        .batchNorm("bn0")
        .conv2d("conv1", 3, 3, 3, 1, 1, Padding.SAME, ActivationKind.LINEAR, false, 0)
        .batchNorm("bn1")
        .activation("act", ActivationKind.SOFTPLUS)
        .globalAveragePool2d("gap")
        .dense("out", 2, ActivationKind.SIGMOID)
        .loss(LossKind.BINARY_CROSSENTROPY)
        .build());
  }

  @Test
  void layerNormAfterDenseAndOfTheInput() throws Exception {
    GradientCheck.check(model("LnDense", 5)
        .layerNorm("ln0")
        .dense("hidden", 6, ActivationKind.MISH)
        .layerNorm("ln1")
        .dense("out", 3, ActivationKind.LINEAR)
        .build());
  }

  @Test
  void layerNormOfImagesNormalizesEachPixelsChannels() throws Exception {
    GradientCheck.check(model("LnImage", 4, 4, 2)
        .conv2d("conv1", 3, 3, 3, 1, 1, Padding.SAME, ActivationKind.LINEAR, true, 0)
        .layerNorm("ln")
        .activation("act", ActivationKind.SOFTPLUS)
        .globalAveragePool2d("gap")
        .dense("out", 2, ActivationKind.SIGMOID)
        .loss(LossKind.BINARY_CROSSENTROPY)
        .build());
  }
}
