package dev.nnet.benchmarks;

import dev.nnet.runtime.Rng;
import dev.nnet.runtime.blas.MatMul;
import dev.nnet.runtime.kernel.Activations;
import dev.nnet.runtime.kernel.Bias;
import dev.nnet.runtime.kernel.Convolution;
import dev.nnet.runtime.kernel.Dropout;
import dev.nnet.runtime.kernel.Losses;
import dev.nnet.runtime.kernel.MaxPooling2x2;
import dev.nnet.runtime.kernel.Window2d;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.ejml.data.FMatrixRMaj;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One training step of keras.io's "Simple MNIST convnet" (28×28×1 → conv 32 3×3 relu → max pool 2 → conv 64 3×3
 * relu → max pool 2 → flatten → dropout 0.5 → dense 10 softmax), float32: {@link #step} is the forward and backward
 * pass, and the other benchmarks are its layers one by one, so that a profile says where a step's time goes.
 *
 * <p>The benchmarks module sees only the runtime, so the step is written here with the runtime's kernels in the
 * order the generated class calls them; {@code compiler/src/test/resources/golden/fashion_cnn/FashionCnn.java} is
 * that class, and this follows it call for call. The optimizer's update is left out (it is the same for every
 * model of 34,826 parameters). Parameters: the batch size, and the matrix-multiply backend ({@code blas},
 * {@code vector} or {@code ejml}; {@code blas} takes its threads from {@code OPENBLAS_NUM_THREADS}, the others from
 * {@code -Dnnet.threads}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-XX:PerMethodTrapLimit=1000"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class BenchmarkConvNet {
  private static final int FILTERS1 = 32;
  private static final int FILTERS2 = 64;
  private static final int CLASSES = 10;
  private static final Window2d CONV1 = new Window2d(28, 28, 1, 3, 3, 1, 1, 0, 0, 26, 26);
  private static final Window2d POOL1 = new Window2d(26, 26, FILTERS1, 2, 2, 2, 2, 0, 0, 13, 13);
  private static final Window2d CONV2 = new Window2d(13, 13, FILTERS1, 3, 3, 1, 1, 0, 0, 11, 11);
  private static final Window2d POOL2 = new Window2d(11, 11, FILTERS2, 2, 2, 2, 2, 0, 0, 5, 5);
  private static final int FLAT = 5 * 5 * FILTERS2;
  /** Samples per product, as the generated class chooses them (patches and product within 1 MiB). */
  private static final int CHUNK1 = 9;
  private static final int CHUNK2 = 6;

  @Param({"128"})
  public int batch;

  @Param({"blas"})
  public String backend;

  private final Rng dropoutRng = new Rng(7);
  private FMatrixRMaj input;
  private FMatrixRMaj patches1;
  private FMatrixRMaj product1;
  private FMatrixRMaj kernel1GradPart;
  private FMatrixRMaj kernel1;
  private FMatrixRMaj kernel1Grad;
  private float[] bias1;
  private float[] bias1Grad;
  private FMatrixRMaj out1;
  private FMatrixRMaj out1Grad;
  private float[] pool1;
  private float[] pool1Grad;
  private FMatrixRMaj patches2;
  private FMatrixRMaj product2;
  private FMatrixRMaj kernel2GradPart;
  private FMatrixRMaj kernel2;
  private FMatrixRMaj kernel2Grad;
  private float[] bias2;
  private float[] bias2Grad;
  private FMatrixRMaj out2;
  private FMatrixRMaj out2Grad;
  private float[] pool2;
  private float[] pool2Grad;
  private float[] mask;
  private FMatrixRMaj dropped;
  private FMatrixRMaj droppedGrad;
  private FMatrixRMaj kernel3;
  private FMatrixRMaj kernel3Grad;
  private float[] bias3;
  private float[] bias3Grad;
  private FMatrixRMaj out3;
  private FMatrixRMaj out3Grad;
  private float[] targets;

  @Setup(Level.Trial)
  public void setUp() {
    MatMul.select(backend);
    SplittableRandom random = new SplittableRandom(20240501L);
    int n = batch;
    input = random(n, 28 * 28, 1, random);
    patches1 = new FMatrixRMaj(CHUNK1 * CONV1.outPixels(), CONV1.patchSize());
    product1 = new FMatrixRMaj(CHUNK1 * CONV1.outPixels(), FILTERS1);
    kernel1GradPart = new FMatrixRMaj(CONV1.patchSize(), FILTERS1);
    kernel1 = random(CONV1.patchSize(), FILTERS1, 0.5, random);
    kernel1Grad = new FMatrixRMaj(CONV1.patchSize(), FILTERS1);
    bias1 = random(1, FILTERS1, 0.1, random).data;
    bias1Grad = new float[FILTERS1];
    out1 = new FMatrixRMaj(n * CONV1.outPixels(), FILTERS1);
    out1Grad = new FMatrixRMaj(n * CONV1.outPixels(), FILTERS1);
    pool1 = new float[n * POOL1.outPixels() * FILTERS1];
    pool1Grad = new float[pool1.length];
    patches2 = new FMatrixRMaj(CHUNK2 * CONV2.outPixels(), CONV2.patchSize());
    product2 = new FMatrixRMaj(CHUNK2 * CONV2.outPixels(), FILTERS2);
    kernel2GradPart = new FMatrixRMaj(CONV2.patchSize(), FILTERS2);
    kernel2 = random(CONV2.patchSize(), FILTERS2, 0.1, random);
    kernel2Grad = new FMatrixRMaj(CONV2.patchSize(), FILTERS2);
    bias2 = random(1, FILTERS2, 0.1, random).data;
    bias2Grad = new float[FILTERS2];
    out2 = new FMatrixRMaj(n * CONV2.outPixels(), FILTERS2);
    out2Grad = new FMatrixRMaj(n * CONV2.outPixels(), FILTERS2);
    pool2 = new float[n * FLAT];
    pool2Grad = new float[pool2.length];
    mask = new float[n * FLAT];
    dropped = new FMatrixRMaj(n, FLAT);
    droppedGrad = new FMatrixRMaj(n, FLAT);
    kernel3 = random(FLAT, CLASSES, 0.05, random);
    kernel3Grad = new FMatrixRMaj(FLAT, CLASSES);
    bias3 = new float[CLASSES];
    bias3Grad = new float[CLASSES];
    out3 = new FMatrixRMaj(n, CLASSES);
    out3Grad = new FMatrixRMaj(n, CLASSES);
    targets = new float[n]; // class indices, as the generated class loads them
    for (int r = 0; r < n; r++) {
      targets[r] = random.nextInt(CLASSES);
    }
    step(); // every buffer holds what the step before left there, as in training
  }

  /** One training step, forward and backward, as the generated class runs it. */
  @Benchmark
  public FMatrixRMaj step() {
    conv1Forward();
    pool1Forward();
    conv2Forward();
    pool2Forward();
    denseForward();
    denseBackward();
    pool2Backward();
    conv2Backward();
    pool1Backward();
    conv1Backward();
    return kernel1Grad;
  }

  /** conv 1, 9 samples at a time: im2col [9·676, 9], the product with K [9, 32], bias and relu. */
  @Benchmark
  public FMatrixRMaj conv1Forward() {
    convForward(input.data, CONV1, CHUNK1, patches1, kernel1, product1, bias1, out1);
    return out1;
  }

  /** conv 1 backward: relu' and db, dK = patchesᵀ·dz (nothing before it needs dx). */
  @Benchmark
  public FMatrixRMaj conv1Backward() {
    convBackward(input.data, CONV1, CHUNK1, patches1, kernel1, product1, out1, out1Grad, kernel1Grad,
        kernel1GradPart, bias1Grad, null);
    return kernel1Grad;
  }

  /** max pool 1, [26, 26, 32] → [13, 13, 32] (backward finds the winners again). */
  @Benchmark
  public float[] pool1Forward() {
    MaxPooling2x2.maxPool2x2(out1.data, 0, batch, POOL1, pool1);
    return pool1;
  }

  @Benchmark
  public FMatrixRMaj pool1Backward() {
    MaxPooling2x2.maxPool2x2Backward(out1.data, pool1, pool1Grad, 0, batch, POOL1, out1Grad.data);
    return out1Grad;
  }

  /** conv 2, 6 samples at a time: im2col [6·121, 288], the product with K [288, 64], bias and relu. */
  @Benchmark
  public FMatrixRMaj conv2Forward() {
    convForward(pool1, CONV2, CHUNK2, patches2, kernel2, product2, bias2, out2);
    return out2;
  }

  /** conv 2 backward: relu' and db, dK = patchesᵀ·dz, d(patches) = dz·Kᵀ, col2im. */
  @Benchmark
  public float[] conv2Backward() {
    convBackward(pool1, CONV2, CHUNK2, patches2, kernel2, product2, out2, out2Grad, kernel2Grad, kernel2GradPart,
        bias2Grad, pool1Grad);
    return pool1Grad;
  }

  /** A convolution's forward pass as the generated class runs it (ConvEmitter). */
  private void convForward(float[] x, Window2d w, int chunk, FMatrixRMaj patches, FMatrixRMaj kernel,
      FMatrixRMaj product, float[] bias, FMatrixRMaj out) {
    int filters = kernel.numCols;
    for (int first = 0; first < batch; first += chunk) {
      int samples = Math.min(chunk, batch - first);
      Convolution.im2col(x, first, samples, w, patches.data);
      patches.reshape(samples * w.outPixels(), w.patchSize());
      product.reshape(samples * w.outPixels(), filters);
      MatMul.mult(patches, kernel, product);
      Convolution.outputRelu(product.data, samples * w.outPixels(), filters, bias, out.data,
          first * w.outPixels() * filters);
    }
  }

  /** A convolution's backward pass as the generated class runs it; {@code dx} null: none. */
  private void convBackward(float[] x, Window2d w, int chunk, FMatrixRMaj patches, FMatrixRMaj kernel,
      FMatrixRMaj product, FMatrixRMaj out, FMatrixRMaj outGrad, FMatrixRMaj kernelGrad, FMatrixRMaj kernelGradPart,
      float[] biasGrad, float[] dx) {
    int filters = kernel.numCols;
    java.util.Arrays.fill(kernelGrad.data, 0f);
    java.util.Arrays.fill(biasGrad, 0f);
    int chunks = (batch + chunk - 1) / chunk;
    for (int c = chunks - 1; c >= 0; c--) {
      int first = c * chunk;
      int samples = Math.min(chunk, batch - first);
      if (c < chunks - 1) {
        Convolution.im2col(x, first, samples, w, patches.data);
      }
      patches.reshape(samples * w.outPixels(), w.patchSize());
      product.reshape(samples * w.outPixels(), filters);
      Convolution.outputGradientRelu(outGrad.data, out.data, first * w.outPixels() * filters,
          samples * w.outPixels(), filters, product.data, biasGrad);
      MatMul.multTransA(patches, product, kernelGradPart);
      Convolution.addEquals(kernelGrad.data, kernelGradPart.data, kernelGrad.data.length);
      if (dx != null) {
        MatMul.multTransB(product, kernel, patches);
        Convolution.col2im(patches.data, first, samples, w, dx);
      }
    }
  }

  /** max pool 2, [11, 11, 64] → [5, 5, 64]. */
  @Benchmark
  public float[] pool2Forward() {
    MaxPooling2x2.maxPool2x2(out2.data, 0, batch, POOL2, pool2);
    return pool2;
  }

  @Benchmark
  public FMatrixRMaj pool2Backward() {
    MaxPooling2x2.maxPool2x2Backward(out2.data, pool2, pool2Grad, 0, batch, POOL2, out2Grad.data);
    return out2Grad;
  }

  /** dropout 0.5, dense 10, softmax. */
  @Benchmark
  public FMatrixRMaj denseForward() {
    Dropout.forward(pool2, mask, dropped.data, batch * FLAT, 0.5, dropoutRng);
    MatMul.mult(dropped, kernel3, out3);
    Bias.add(out3.data, batch, CLASSES, bias3);
    Activations.softmax(out3.data, out3.data, 0, batch, CLASSES);
    return out3;
  }

  /** The loss' gradient fused with softmax's, the dense layer's backward, dropout's. */
  @Benchmark
  public float[] denseBackward() {
    Losses.softmaxCategoricalCrossentropyBackward(out3.data, targets, batch, CLASSES, out3Grad.data);
    MatMul.multTransA(dropped, out3Grad, kernel3Grad);
    Bias.backward(out3Grad.data, batch, CLASSES, bias3Grad);
    MatMul.multTransB(out3Grad, kernel3, droppedGrad);
    Dropout.backward(mask, droppedGrad.data, pool2Grad, batch * FLAT);
    return pool2Grad;
  }

  private static FMatrixRMaj random(int rows, int cols, double scale, SplittableRandom random) {
    FMatrixRMaj m = new FMatrixRMaj(rows, cols);
    for (int i = 0; i < m.data.length; i++) {
      m.data[i] = (float) (scale * (random.nextDouble() - 0.5));
    }
    return m;
  }
}
