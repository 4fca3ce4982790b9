package dev.nnet.benchmarks;

import dev.nnet.runtime.Parameter;
import dev.nnet.runtime.blas.MatMul;
import dev.nnet.runtime.optim.Optimizer;
import dev.nnet.runtime.optim.OptimizerConfig;
import dev.nnet.runtime.optim.OptimizerConfig.Kind;
import dev.nnet.runtime.optim.OptimizerState;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * One float32 optimizer step over the Fashion-MNIST MLP's 101,770 weights (784 → 128 → 10), with ordinary values and
 * with subnormal-heavy ones, side by side: on Intel cores every instruction that reads or makes a subnormal takes a
 * microcode assist, which is what the optimizers' dropping of negligible values avoids. Compare the medians
 * ({@code p0.50}) of each case with {@code ordinary} for each optimizer.
 *
 * <p>Before every step the state is set again through {@code restoreState}, as a checkpoint sets it (outside the
 * timing). Cases ({@code values}):
 *
 * <ul>
 *   <li>{@code ordinary}: moments {@code 1e-4 … 1e-3}, squares {@code 1e-8 … 1e-6}; half the gradients zero (as for a
 *       zero pixel or an inactive unit), half ordinary ({@code |g| < 5e-4}).
 *   <li>{@code subnormal}: as {@code ordinary}, but half of every moment array subnormal (what a moment whose
 *       gradient vanished decays to; the optimizers store such values as zero, and {@code restoreState} drops them
 *       from an older checkpoint).
 *   <li>{@code tiny-gradients}: as {@code ordinary}, but the nonzero gradients are {@code 1e-20 … 1e-19}, whose squares
 *       are subnormal: this case reaches the step's own arithmetic whatever the state holds.
 * </ul>
 *
 * Fixed seeds.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class BenchmarkOptimizerStep {
  /** The optimizers, each with Keras' defaults; SGD with momentum 0.9. */
  @Param({"ADAM", "ADAMW", "RMSPROP", "ADAGRAD", "SGD_MOMENTUM"})
  public String optimizer;

  @Param({"ordinary", "subnormal", "tiny-gradients"})
  public String values;

  /** nnet threads running the step (it is cut in parts of 16,384 weights). */
  @Param({"1"})
  public int threads;

  private List<Parameter> params;
  private Optimizer impl;
  private OptimizerState state;

  @Setup(Level.Trial)
  public void setUp() {
    MatMul.setBackend(MatMul.create("ejml", threads));
    SplittableRandom random = new SplittableRandom(17);
    params = List.of(
        parameter("w1", 784, 128, random), parameter("b1", 1, 128, random),
        parameter("w2", 128, 10, random), parameter("b2", 1, 10, random));
    double scale = values.equals("tiny-gradients") ? 1e-19 : 1e-3;
    for (Parameter p : params) {
      float[] grad = ((Parameter.F32) p).grad().data;
      for (int i = 0; i < grad.length; i++) {
        double magnitude = values.equals("tiny-gradients") ? 0.1 + 0.9 * random.nextDouble() : random.nextDouble();
        grad[i] = i % 2 == 0 ? 0f : (float) (scale * magnitude * (random.nextBoolean() ? 0.5 : -0.5));
      }
    }
    impl = config().create();
    impl.step(params); // binds: the state now has every slot
    Map<String, float[]> floats = new HashMap<>();
    impl.exportState().floats().forEach((key, slot) -> floats.put(key, moments(slot.length, key, random)));
    state = new OptimizerState(impl.config().kind(), 1, floats, Map.of());
  }

  private OptimizerConfig config() {
    if (optimizer.equals("SGD_MOMENTUM")) {
      return new OptimizerConfig(Kind.SGD, 0.01, 0.9, false, 0.9, 0.999, 1e-7, 0.004, 0.9, 0.1);
    }
    return OptimizerConfig.defaults(Kind.valueOf(optimizer));
  }

  /** A parameter with small random weights; its gradients are set by {@link #setUp}. */
  private static Parameter parameter(String name, int rows, int cols, SplittableRandom random) {
    FMatrixRMaj value = new FMatrixRMaj(rows, cols);
    FMatrixRMaj grad = new FMatrixRMaj(rows, cols);
    for (int i = 0; i < value.data.length; i++) {
      value.data[i] = (float) (0.1 * (random.nextDouble() - 0.5));
    }
    int[] shape = rows == 1 ? new int[] {cols} : new int[] {rows, cols};
    return new Parameter.F32(name, shape, true, value, grad);
  }

  /** One slot's values: ordinary, or in the {@code subnormal} case half of them subnormal; squares never negative. */
  private float[] moments(int n, String key, SplittableRandom random) {
    boolean squares = key.endsWith("/v") || key.endsWith("/velocity") || key.endsWith("/accumulator");
    float[] slot = new float[n];
    for (int i = 0; i < n; i++) {
      double x = squares ? 1e-8 + 1e-6 * random.nextDouble() : 1e-4 + 1e-3 * random.nextDouble();
      if (values.equals("subnormal") && i % 2 == 0) {
        x = Float.MIN_VALUE * (1 + random.nextInt(1 << 22));
      }
      slot[i] = (float) (squares || random.nextBoolean() ? x : -x);
    }
    return slot;
  }

  @Setup(Level.Invocation)
  public void restore() {
    impl.restoreState(state, params);
  }

  @Benchmark
  public void step() {
    impl.step(params);
  }
}
