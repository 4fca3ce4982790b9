package dev.nnet.compiler.javac;

import static dev.nnet.compiler.codegen.TestModels.model;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.nnet.compiler.codegen.Generator;
import dev.nnet.compiler.codegen.GeneratorOptions;
import dev.nnet.compiler.codegen.TestModels;
import dev.nnet.compiler.model.ActivationKind;
import dev.nnet.compiler.model.LossKind;
import dev.nnet.compiler.model.ModelSpec;
import dev.nnet.compiler.model.Precision;
import dev.nnet.runtime.Dataset;
import dev.nnet.runtime.Network;
import dev.nnet.runtime.Parameter;
import dev.nnet.runtime.Rng;
import java.lang.reflect.Field;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Generated networks compiled and run: they learn, allocate nothing per step, and keep their contracts. */
class GeneratedNetworkTest {
  private static final ModelCompiler COMPILER = ModelCompiler.inMemory();

  private static final ModelSpec QUADRANTS = model("Quadrants", 2)
      .batchSize(20)
      .dense("hidden", 16, ActivationKind.TANH)
      .dropout("drop", 0.1)
      .dense("out", 2, ActivationKind.SOFTMAX)
      .loss(LossKind.SPARSE_CATEGORICAL_CROSSENTROPY)
      .build();

  static Network compile(ModelSpec model, Precision precision, Object... args) {
    var files = Generator.generate(model, new GeneratorOptions(Optional.of(precision), false));
    return COMPILER.instantiate(files, model.qualifiedName(), Network.class, args);
  }

  /** Points in [−1, 1]², labelled 1 when x·y > 0: not linearly separable, so the hidden layer must learn. */
  static Dataset quadrants(int rows, long seed) {
    Rng rng = new Rng(seed);
    float[] x = new float[rows * 2];
    float[] t = new float[rows];
    for (int r = 0; r < rows; r++) {
      x[2 * r] = (float) (2 * rng.nextDouble() - 1);
      x[2 * r + 1] = (float) (2 * rng.nextDouble() - 1);
      t[r] = x[2 * r] * x[2 * r + 1] > 0 ? 1 : 0;
    }
    return new Dataset(x, 2, t, 1, rows, List.of("different", "same"));
  }

  /** One epoch of plain SGD in mini-batches; returns the mean batch loss. */
  static double epoch(Network net, Dataset data, int[] order, double learningRate) {
    double sum = 0;
    int batches = 0;
    for (int from = 0; from < data.rows(); from += net.batchCapacity()) {
      int n = Math.min(net.batchCapacity(), data.rows() - from);
      net.loadBatch(data, order, from, n);
      sum += net.forward(true);
      net.backward();
      for (Parameter p : net.parameters()) {
        for (int i = 0; i < p.size(); i++) {
          p.set(i, p.get(i) - learningRate * p.gradient(i));
        }
      }
      batches++;
    }
    return sum / batches;
  }

  static double accuracy(Network net, Dataset data) {
    int[] order = IntStream.range(0, data.rows()).toArray();
    int correct = 0;
    for (int from = 0; from < data.rows(); from += net.batchCapacity()) {
      int n = Math.min(net.batchCapacity(), data.rows() - from);
      net.loadBatch(data, order, from, n);
      net.forward(false);
      for (int r = 0; r < n; r++) {
        int predicted = net.output(r, 1) > net.output(r, 0) ? 1 : 0;
        correct += predicted == (int) data.targets()[from + r] ? 1 : 0;
      }
    }
    return (double) correct / data.rows();
  }

  @Test
  void mlpLearnsQuadrantsWithPlainSgd() {
    Network net = compile(QUADRANTS, Precision.FLOAT32);
    net.initialize(1);
    Dataset train = quadrants(400, 3);
    int[] order = IntStream.range(0, train.rows()).toArray();
    double first = epoch(net, train, order, 0.5);
    double last = first;
    for (int e = 0; e < 150; e++) {
      net.random().shuffle(order);
      last = epoch(net, train, order, 0.5);
    }
    assertThat(first).isGreaterThan(0.6); // about log 2 before learning
    assertThat(last).isLessThan(0.25);
    assertThat(accuracy(net, quadrants(200, 4))).isGreaterThan(0.9);
  }

  /** loadBatch, forward, backward, SGD update through the matrices; batches of 32 and a partial one of 4. */
  static void step(Network net, Dataset data, int[] order, int i) {
    int from = (i % 4) * 32;
    int n = Math.min(32, data.rows() - from);
    net.loadBatch(data, order, from, n);
    net.forward(true);
    net.backward();
    List<Parameter> parameters = net.parameters();
    for (int j = 0; j < parameters.size(); j++) {
      Parameter.F32 p = (Parameter.F32) parameters.get(j);
      float[] w = p.value().data;
      float[] g = p.grad().data;
      for (int k = 0; k < w.length; k++) {
        w[k] -= 1e-3f * g[k];
      }
    }
  }

  @Test
  void predictAgreesWithBatchInferenceLeavesItsInputsAndAllocatesNoTrainingBuffers() throws Exception {
    Network net = compile(QUADRANTS, Precision.FLOAT32, 8);
    net.initialize(2);
    Dataset data = quadrants(8, 6);
    net.loadBatch(data, IntStream.range(0, 8).toArray(), 0, 8);
    net.forward(false);
    float[][] expected = new float[8][2];
    for (int r = 0; r < 8; r++) {
      expected[r][0] = (float) net.output(r, 0);
      expected[r][1] = (float) net.output(r, 1);
    }
    var predict = net.getClass().getMethod("predict", float[].class, float[].class);
    float[] result = new float[2];
    float[] again = new float[2];
    for (int r = 0; r < 8; r++) {
      float[] sample = {data.features()[2 * r], data.features()[2 * r + 1]};
      predict.invoke(net, sample, result);
      // One row goes to MatMul's matrix-vector kernel, whose order of summation is not the backend's: the same
      // values to float32 rounding, not always the same bits. Repeated, a prediction is the same bits.
      for (int j = 0; j < 2; j++) {
        assertThat(result[j]).as("row %d, output %d", r, j).isCloseTo(expected[r][j], within(1e-6f));
      }
      predict.invoke(net, sample, again);
      assertThat(again).containsExactly(result);
      assertThat(sample).as("the sample, which predict reads in place").containsExactly(
          data.features()[2 * r], data.features()[2 * r + 1]);
    }
    // The batch buffer is the network's own again: a batch loaded after predictions gives the same outputs.
    net.loadBatch(data, IntStream.range(0, 8).toArray(), 0, 8);
    net.forward(false);
    for (int r = 0; r < 8; r++) {
      assertThat((float) net.output(r, 1)).isEqualTo(expected[r][1]);
    }
    Field gradient = net.getClass().getDeclaredField("hiddenOutGrad");
    gradient.setAccessible(true);
    assertThat(gradient.get(net)).as("training buffers of an inference-only network").isNull();
  }

  @Test
  void partialBatchGivesTheSameRowsAsAFullOne() {
    Network net = compile(QUADRANTS, Precision.FLOAT64, 10);
    net.initialize(3);
    Dataset data = quadrants(10, 8);
    int[] order = IntStream.range(0, 10).toArray();
    net.loadBatch(data, order, 0, 10);
    net.forward(false);
    double[] full = IntStream.range(0, 3).mapToDouble(r -> net.output(r, 1)).toArray();
    net.loadBatch(data, order, 0, 3);
    net.forward(false);
    for (int r = 0; r < 3; r++) {
      assertThat(net.output(r, 1)).isEqualTo(full[r]);
    }
    assertThatThrownBy(() -> net.output(3, 0)).isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void initializeIsDeterministicAndSharedByBothPrecisions() {
    Network a = compile(QUADRANTS, Precision.FLOAT32);
    Network b = compile(QUADRANTS, Precision.FLOAT64);
    a.initialize(77);
    b.initialize(77);
    Parameter ka = a.parameters().get(0);
    Parameter kb = b.parameters().get(0);
    for (int i = 0; i < ka.size(); i++) {
      assertThat(ka.get(i)).isCloseTo(kb.get(i), within(1e-6));
    }
    // glorot_uniform: limit √(6 / (2 + 16))
    double limit = Math.sqrt(6.0 / 18);
    assertThat(IntStream.range(0, kb.size()).mapToDouble(kb::get)).allMatch(w -> Math.abs(w) < limit);
    double first = kb.get(0);
    b.initialize(78);
    assertThat(kb.get(0)).isNotEqualTo(first);
    b.initialize(77);
    assertThat(kb.get(0)).isEqualTo(first);
    assertThat(b.parameters().get(1).get(0)).isZero(); // biases start at zero
  }

  @Test
  void misuseIsReportedClearly() {
    Network net = compile(QUADRANTS, Precision.FLOAT32, 4);
    assertThatThrownBy(() -> net.forward(false)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("loadBatch");
    Dataset data = quadrants(8, 1);
    int[] order = IntStream.range(0, 8).toArray();
    assertThatThrownBy(() -> net.loadBatch(data, order, 0, 5)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1 to 4 rows");
    net.loadBatch(data, order, 0, 4);
    net.forward(false);
    assertThatThrownBy(net::backward).isInstanceOf(IllegalStateException.class).hasMessageContaining("forward(true)");
    Dataset wide = new Dataset(new float[12], 3, new float[4], 1, 4, List.of());
    assertThatThrownBy(() -> net.loadBatch(wide, order, 0, 4)).hasMessageContaining("3 values per sample");
    Dataset badLabel = new Dataset(new float[8], 2, new float[] {0, 1, 2, 1}, 1, 4, List.of());
    assertThatThrownBy(() -> net.loadBatch(badLabel, order, 0, 4)).hasMessageContaining("row 2: label 2.0");
    Dataset unlabelled = new Dataset(new float[8], 2, new float[0], 0, 4, List.of());
    net.loadBatch(unlabelled, order, 0, 4);
    assertThat(net.forward(false)).isNaN();
  }

  @Test
  void wideAndDeepModelsCompile() {
    // no weights in code: a 4096×4096 kernel costs the same bytecode as a 4×4 one
    ModelSpec wide = model("Wide", 4096).dense("dense1", 4096, ActivationKind.RELU).build();
    assertThat(COMPILER.compile(Generator.generate(wide, GeneratorOptions.defaults()))).isNotEmpty();
    TestModels deep = model("Deep", 8);
    for (int i = 0; i < 150; i++) {
      deep.dense("dense" + i, 8, ActivationKind.RELU).dropout("drop" + i, 0.1);
    }
    assertThat(COMPILER.compile(Generator.generate(deep.build(), GeneratorOptions.defaults()))).isNotEmpty();
  }
}
