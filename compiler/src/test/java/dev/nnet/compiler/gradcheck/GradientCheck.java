package dev.nnet.compiler.gradcheck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nnet.compiler.codegen.Generator;
import dev.nnet.compiler.codegen.GeneratorOptions;
import dev.nnet.compiler.javac.ModelCompiler;
import dev.nnet.compiler.model.LossKind;
import dev.nnet.compiler.model.ModelSpec;
import dev.nnet.compiler.model.Precision;
import dev.nnet.runtime.Dataset;
import dev.nnet.runtime.Network;
import dev.nnet.runtime.Parameter;
import dev.nnet.runtime.Rng;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * Numeric gradient check of generated code: the model is generated in float64 with the input gradient, compiled
 * with {@link ModelCompiler}, and its backward pass compared with central differences of its forward pass,
 * (L(w + h) − L(w − h)) / 2h, on every parameter value and every input value. Dropout is made deterministic by
 * restoring the network's random state before every forward pass.
 *
 * <p>The error of one value is |analytic − numeric| / max(|analytic|, |numeric|, {@link #SMALL}): a relative error
 * for gradients of at least 1e-4, and for smaller ones (a nearly dead unit, a clipped probability) an absolute
 * error of at most {@code TOLERANCE · SMALL} = 1e-10. Their relative error would be dominated by the round-off of
 * the numeric derivative itself, about 1e-16·|loss| / STEP ≈ 1e-11.
 */
public final class GradientCheck {
  static final double STEP = 1e-5;
  static final double TOLERANCE = 1e-6;
  static final double SMALL = 1e-4;

  private static final ModelCompiler COMPILER = ModelCompiler.inMemory();

  private GradientCheck() {}

  /** One compared value. */
  public record Entry(String what, double analytic, double numeric) {
    double error() {
      return Math.abs(analytic - numeric) / Math.max(SMALL, Math.max(Math.abs(analytic), Math.abs(numeric)));
    }

    /** The tensor the value belongs to: {@code dense1.kernel}, {@code input}. */
    String tensor() {
      return what.substring(0, what.indexOf('['));
    }
  }

  /** Generates and compiles {@code model} in float64 with the input gradient. */
  public static Network compile(ModelSpec model, int batchCapacity) {
    var options = new GeneratorOptions(Optional.of(Precision.FLOAT64), true);
    var files = Generator.generate(model, options);
    return COMPILER.instantiate(files, model.qualifiedName(), Network.class, batchCapacity);
  }

  /** A data set of {@code rows} random samples with targets that suit {@code loss}. */
  public static Dataset data(ModelSpec model, int rows, long seed) {
    Rng rng = new Rng(seed);
    int in = model.input().size();
    int out = model.output().size();
    float[] features = new float[rows * in];
    for (int i = 0; i < features.length; i++) {
      features[i] = (float) (2 * rng.nextDouble() - 1);
    }
    LossKind kind = model.loss().kind();
    boolean classes = kind == LossKind.CATEGORICAL_CROSSENTROPY || kind == LossKind.SPARSE_CATEGORICAL_CROSSENTROPY;
    float[] targets = new float[rows * (classes ? 1 : out)];
    for (int i = 0; i < targets.length; i++) {
      targets[i] = classes ? rng.nextInt(out)
          : kind == LossKind.BINARY_CROSSENTROPY ? rng.nextInt(2)
          : (float) (4 * rng.nextDouble() - 2);
    }
    return new Dataset(features, in, targets, classes ? 1 : out, rows, List.of());
  }

  /** Compares every gradient of {@code net} on {@code data}; returns every entry compared. */
  public static List<Entry> run(Network net, Dataset data, long seed) throws ReflectiveOperationException {
    return run(net, data, seed, true);
  }

  /**
   * As {@link #run(Network, Dataset, long)}; without {@code inputs}, the parameters' gradients alone (token ids, the
   * input of an embedding, have none and cannot be perturbed).
   */
  public static List<Entry> run(Network net, Dataset data, long seed, boolean inputs)
      throws ReflectiveOperationException {
    net.initialize(seed);
    int rows = data.rows();
    net.loadBatch(data, IntStream.range(0, rows).toArray(), 0, rows);
    Rng random = net.random();
    long state = random.state();
    random.setState(state);
    net.forward(true);
    net.backward();

    List<Entry> entries = new ArrayList<>();
    for (Parameter p : net.parameters()) {
      if (!p.trainable()) {
        continue;
      }
      double[] analytic = IntStream.range(0, p.size()).mapToDouble(p::gradient).toArray();
      for (int i = 0; i < p.size(); i++) {
        double w = p.get(i);
        p.set(i, w + STEP);
        random.setState(state);
        double plus = net.forward(true);
        p.set(i, w - STEP);
        random.setState(state);
        double minus = net.forward(true);
        p.set(i, w);
        entries.add(new Entry(p.name() + "[" + i + "]", analytic[i], (plus - minus) / (2 * STEP)));
      }
    }
    if (!inputs) {
      return entries;
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
      for (int i = 0; i < in; i++) {
        double x = data.features()[r * in + i];
        setInput.invoke(net, r, i, x + STEP);
        random.setState(state);
        double plus = net.forward(true);
        setInput.invoke(net, r, i, x - STEP);
        random.setState(state);
        double minus = net.forward(true);
        setInput.invoke(net, r, i, x);
        entries.add(new Entry("input[" + r + "][" + i + "]", analytic[r * in + i], (plus - minus) / (2 * STEP)));
      }
    }
    return entries;
  }

  /** Generates, compiles and checks {@code model} on a partial batch (capacity 6, 4 rows). */
  public static void check(ModelSpec model) throws ReflectiveOperationException {
    Network net = compile(model, 6);
    List<Entry> entries = run(net, data(model, 4, 7), 11);
    assertWithin(entries);
  }

  static void assertWithin(List<Entry> entries) {
    Entry worst = entries.stream().max((a, b) -> Double.compare(a.error(), b.error())).orElseThrow();
    assertThat(entries).isNotEmpty();
    assertThat(worst.error())
        .as("worst gradient %s: analytic %s, numeric %s", worst.what(), worst.analytic(), worst.numeric())
        .isLessThanOrEqualTo(TOLERANCE);
    // a check that never sees a gradient proves nothing: every tensor must have some
    var tensors = entries.stream().map(Entry::tensor).distinct().toList();
    for (String tensor : tensors) {
      assertThat(entries.stream().filter(e -> e.tensor().equals(tensor)).mapToDouble(e -> Math.abs(e.analytic())).max()
              .orElse(0))
          .as("largest gradient of %s", tensor)
          .isGreaterThan(1e-5);
    }
  }
}
