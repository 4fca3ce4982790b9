package dev.nnet.runtime.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.nnet.runtime.Parameter;
import dev.nnet.runtime.optim.OptimizerConfig.Kind;
import dev.nnet.runtime.testing.Allocations;
import dev.nnet.runtime.testing.Allocations.Jit;
import dev.nnet.runtime.testing.Params;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each optimizer against its formula, computed here in double precision step by step, on the quadratic
 * {@code L(w) = Σ (w − target)²} so that gradients depend on the weights the optimizer produced.
 */
class OptimizerTest {
  private static final double[] START = {1.0, -2.0, 0.5, 4.0};
  private static final double[] TARGET = {3.0, -1.0, 0.0, 4.5};
  private static final int STEPS = 7;

  /** One reference update of all weights given their gradients; returns nothing, mutates {@code w} and state. */
  private interface Reference {
    void step(double[] w, double[] g, int t);
  }

  private static double[] gradient(double[] w) {
    double[] g = new double[w.length];
    for (int i = 0; i < w.length; i++) {
      g[i] = 2 * (w[i] - TARGET[i]);
    }
    return g;
  }

  private static double[] runReference(Reference ref) {
    double[] w = START.clone();
    for (int t = 1; t <= STEPS; t++) {
      ref.step(w, gradient(w), t);
    }
    return w;
  }

  private static double[] runOptimizer(OptimizerConfig config, boolean isDouble) {
    Parameter p = Params.vector("w", isDouble, START);
    List<Parameter> params = List.of(p);
    Optimizer opt = config.create();
    for (int t = 1; t <= STEPS; t++) {
      for (int i = 0; i < START.length; i++) {
        Params.setGradient(p, i, 2 * (p.get(i) - TARGET[i]));
      }
      opt.step(params);
    }
    assertThat(opt.iterations()).isEqualTo(STEPS);
    double[] w = new double[START.length];
    for (int i = 0; i < w.length; i++) {
      w[i] = p.get(i);
    }
    return w;
  }

  private static void assertMatches(OptimizerConfig config, Reference ref) {
    double[] expected = runReference(ref);
    double[] f64 = runOptimizer(config, true);
    double[] f32 = runOptimizer(config, false);
    for (int i = 0; i < expected.length; i++) {
      assertThat(f64[i]).as("float64 w[%d]", i).isCloseTo(expected[i], within(1e-12));
      assertThat(f32[i]).as("float32 w[%d]", i).isCloseTo(expected[i], within(2e-5));
      // The optimizer must actually have moved the weight, or the comparison proves nothing.
      assertThat(f64[i]).as("w[%d] moved", i).isNotEqualTo(START[i]);
    }
  }

  @Test
  void plainSgd() {
    OptimizerConfig c = OptimizerConfig.defaults(Kind.SGD).withLearningRate(0.05);
    assertMatches(c, (w, g, t) -> {
      for (int i = 0; i < w.length; i++) {
        w[i] -= 0.05 * g[i];
      }
    });
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void sgdWithMomentum(boolean nesterov) {
    OptimizerConfig c = new OptimizerConfig(Kind.SGD, 0.05, 0.9, nesterov, 0, 0, 0, 0, 0, 0);
    double[] v = new double[START.length];
    assertMatches(c, (w, g, t) -> {
      for (int i = 0; i < w.length; i++) {
        v[i] = 0.9 * v[i] - 0.05 * g[i];
        w[i] += nesterov ? 0.9 * v[i] - 0.05 * g[i] : v[i];
      }
    });
  }

  /** The example of Keras' SGD documentation: loss var²/2 from 1.0, lr 0.1, momentum 0.9: steps of 0.1 then 0.18. */
  @Test
  void sgdMomentumMatchesKerasDocumentedSteps() {
    Parameter p = Params.vector("var", false, 1.0);
    Optimizer opt = new OptimizerConfig(Kind.SGD, 0.1, 0.9, false, 0, 0, 0, 0, 0, 0).create();
    double v0 = p.get(0);
    Params.setGradient(p, 0, p.get(0));
    opt.step(List.of(p));
    double v1 = p.get(0);
    Params.setGradient(p, 0, p.get(0));
    opt.step(List.of(p));
    double v2 = p.get(0);
    assertThat(v0 - v1).isCloseTo(0.1, within(1e-6));
    assertThat(v1 - v2).isCloseTo(0.18, within(1e-6));
  }

  @Test
  void adam() {
    OptimizerConfig c = OptimizerConfig.defaults(Kind.ADAM).withLearningRate(0.1);
    double[] m = new double[START.length];
    double[] v = new double[START.length];
    assertMatches(c, (w, g, t) -> {
      for (int i = 0; i < w.length; i++) {
        m[i] = 0.9 * m[i] + 0.1 * g[i];
        v[i] = 0.999 * v[i] + 0.001 * g[i] * g[i];
        double mHat = m[i] / (1 - Math.pow(0.9, t));
        // Keras' ε sits outside the root of the uncorrected v, so it is scaled by √(1 − β₂ᵗ) in the paper's terms.
        double vHatRoot = Math.sqrt(v[i]) / Math.sqrt(1 - Math.pow(0.999, t));
        double epsHat = 1e-7 / Math.sqrt(1 - Math.pow(0.999, t));
        w[i] -= 0.1 * mHat / (vHatRoot + epsHat);
      }
    });
  }

  @Test
  void adamFirstStepMovesEachWeightByTheLearningRate() {
    // With bias correction, m̂/√v̂ = g/|g| on step 1: every weight moves by lr against its gradient's sign
    // (less ε's small effect).
    Parameter p = Params.vector("w", true, START);
    for (int i = 0; i < START.length; i++) {
      Params.setGradient(p, i, 2 * (START[i] - TARGET[i]));
    }
    OptimizerConfig.defaults(Kind.ADAM).create().step(List.of(p));
    for (int i = 0; i < START.length; i++) {
      assertThat(p.get(i)).isCloseTo(START[i] - 0.001 * Math.signum(START[i] - TARGET[i]), within(1e-7));
    }
  }

  @Test
  void adamW() {
    OptimizerConfig c = new OptimizerConfig(Kind.ADAMW, 0.1, 0, false, 0.8, 0.99, 1e-7, 0.3, 0, 0);
    double[] m = new double[START.length];
    double[] v = new double[START.length];
    assertMatches(c, (w, g, t) -> {
      for (int i = 0; i < w.length; i++) {
        w[i] -= 0.1 * 0.3 * w[i];
        m[i] = 0.8 * m[i] + 0.2 * g[i];
        v[i] = 0.99 * v[i] + 0.01 * g[i] * g[i];
        double alpha = 0.1 * Math.sqrt(1 - Math.pow(0.99, t)) / (1 - Math.pow(0.8, t));
        w[i] -= alpha * m[i] / (Math.sqrt(v[i]) + 1e-7);
      }
    });
  }

  @ParameterizedTest
  @ValueSource(doubles = {0.0, 0.5})
  void rmsprop(double momentum) {
    OptimizerConfig c = new OptimizerConfig(Kind.RMSPROP, 0.05, momentum, false, 0, 0, 1e-7, 0, 0.9, 0);
    double[] s = new double[START.length];
    double[] u = new double[START.length];
    assertMatches(c, (w, g, t) -> {
      for (int i = 0; i < w.length; i++) {
        s[i] = 0.9 * s[i] + 0.1 * g[i] * g[i];
        double delta = 0.05 * g[i] / Math.sqrt(s[i] + 1e-7);
        u[i] = momentum * u[i] + delta;
        w[i] -= u[i];
      }
    });
  }

  /** The example of Keras' RMSprop documentation: lr 0.1, loss var²/2 from 10.0, one step gives 9.683772. */
  @Test
  void rmspropMatchesKerasDocumentedStep() {
    Parameter p = Params.vector("var", false, 10.0);
    Params.setGradient(p, 0, 10.0);
    OptimizerConfig.defaults(Kind.RMSPROP).withLearningRate(0.1).create().step(List.of(p));
    assertThat(p.get(0)).isCloseTo(9.683772, within(1e-6));
  }

  @Test
  void adagrad() {
    OptimizerConfig c = OptimizerConfig.defaults(Kind.ADAGRAD).withLearningRate(0.3);
    double[] a = {0.1, 0.1, 0.1, 0.1};
    assertMatches(c, (w, g, t) -> {
      for (int i = 0; i < w.length; i++) {
        a[i] += g[i] * g[i];
        w[i] -= 0.3 * g[i] / Math.sqrt(a[i] + 1e-7);
      }
    });
  }

  @ParameterizedTest
  @ValueSource(strings = {"SGD", "ADAM", "ADAMW", "RMSPROP", "ADAGRAD"})
  void skipsNonTrainableParameters(String kind) {
    Parameter frozen = Params.matrix("bn.moving_mean", false, false, 1, 2, 5.0, 6.0);
    Parameter w = Params.vector("w", false, 1.0, 1.0);
    Params.setGradient(frozen, 0, 1.0);
    Params.setGradient(w, 0, 1.0);
    Optimizer opt = OptimizerConfig.defaults(Kind.valueOf(kind)).create();
    opt.step(List.of(frozen, w));
    assertThat(frozen.get(0)).isEqualTo(5.0);
    assertThat(w.get(0)).isLessThan(1.0);
    assertThat(opt.exportState().floats().keySet()).allMatch(k -> k.startsWith("w/"));
  }

  /**
   * A model large enough for its step to be cut between threads (two parameters of 40,001 and 3 weights, float32 and
   * float64) ends 1, 2 and 3 threads' steps on the same bits, old weights kept or not: each weight's update is one
   * thread's whole.
   */
  @ParameterizedTest
  @ValueSource(strings = {"SGD", "ADAM", "ADAMW", "RMSPROP", "ADAGRAD"})
  void stepsInPartsGiveTheSameBitsForAnyThreadCount(String kind) {
    OptimizerConfig c = new OptimizerConfig(Kind.valueOf(kind), 0.05, 0.5, true, 0.9, 0.999, 1e-7, 0.01, 0.9, 0.1);
    int large = 2 * SlotOptimizer.PART_MIN_WEIGHTS + 7_233;
    double[][] results = new double[3][];
    dev.nnet.runtime.blas.MatMulBackend before = dev.nnet.runtime.blas.MatMul.backend();
    try {
      for (int threads = 1; threads <= 3; threads++) {
        dev.nnet.runtime.blas.MatMul.select("ejml", threads);
        java.util.SplittableRandom random = new java.util.SplittableRandom(3);
        Parameter f = Params.vector("f", false, random.doubles(large, -1, 1).toArray());
        Parameter d = Params.vector("d", true, random.doubles(3, -1, 1).toArray());
        double last = f.get(large - 1);
        List<Parameter> params = List.of(f, d);
        float[][] previousF32 = {new float[large], null};
        double[][] previousF64 = {null, new double[3]};
        Optimizer opt = c.create();
        for (int t = 0; t < 4; t++) {
          for (Parameter p : params) {
            for (int i = 0; i < p.size(); i++) {
              Params.setGradient(p, i, Math.sin(7 * i + t) + p.get(i));
            }
          }
          if (t % 2 == 0) {
            opt.step(params);
          } else {
            opt.step(params, previousF32, previousF64);
          }
        }
        results[threads - 1] = java.util.stream.Stream.of(f, d)
            .flatMapToDouble(p -> java.util.stream.IntStream.range(0, p.size()).mapToDouble(p::get))
            .toArray();
        assertThat(f.get(large - 1)).as("the last weight moved").isNotEqualTo(last);
      }
    } finally {
      dev.nnet.runtime.blas.MatMul.setBackend(before);
    }
    assertThat(results[1]).isEqualTo(results[0]);
    assertThat(results[2]).isEqualTo(results[0]);
  }

  /** Saving the state half way and restoring it into a fresh optimizer continues the same trajectory bit for bit. */
  @ParameterizedTest
  @ValueSource(strings = {"SGD", "ADAM", "ADAMW", "RMSPROP", "ADAGRAD"})
  void exportedStateResumesExactly(String kind) {
    OptimizerConfig c = new OptimizerConfig(Kind.valueOf(kind), 0.05, 0.5, true, 0.9, 0.999, 1e-7, 0.01, 0.9, 0.1);
    for (boolean isDouble : new boolean[] {false, true}) {
      Parameter a = Params.vector("w", isDouble, START);
      Optimizer oa = c.create();
      Parameter b = Params.vector("w", isDouble, START);
      Optimizer ob = c.create();
      for (int t = 0; t < 6; t++) {
        if (t == 3) {
          OptimizerState saved = ob.exportState();
          ob = c.create();
          ob.restoreState(saved, List.of(b));
          assertThat(ob.iterations()).isEqualTo(3);
        }
        for (Parameter p : List.of(a, b)) {
          for (int i = 0; i < START.length; i++) {
            Params.setGradient(p, i, 2 * (p.get(i) - TARGET[i]));
          }
        }
        oa.step(List.of(a));
        ob.step(List.of(b));
      }
      for (int i = 0; i < START.length; i++) {
        assertThat(b.get(i)).isEqualTo(a.get(i));
      }
    }
  }

  /**
   * The step that keeps the old weights (the trainer's divergence guard) makes the same update as the plain step, bit
   * for bit, and leaves exactly the weights it started from, for float32 and float64 parameters side by side with a
   * frozen one, whose copy it must not touch.
   */
  @ParameterizedTest
  @ValueSource(strings = {"SGD", "ADAM", "ADAMW", "RMSPROP", "ADAGRAD"})
  void stepKeepingPreviousWeightsMatchesThePlainStep(String kind) {
    OptimizerConfig c = new OptimizerConfig(Kind.valueOf(kind), 0.05, 0.5, true, 0.9, 0.999, 1e-7, 0.01, 0.9, 0.1);
    double[] wide = new double[37]; // past a vector width, so a vectorized loop's tail runs too
    for (int i = 0; i < wide.length; i++) {
      wide[i] = Math.sin(i + 1.0) * 3;
    }
    List<Parameter> plain = List.of(Params.vector("a", false, wide), Params.matrix("frozen", false, false, 1, 2, 7, 8),
        Params.vector("b", true, wide));
    List<Parameter> kept = List.of(Params.vector("a", false, wide), Params.matrix("frozen", false, false, 1, 2, 7, 8),
        Params.vector("b", true, wide));
    Optimizer po = c.create();
    Optimizer ko = c.create();
    float[][] previousF32 = {new float[wide.length], {-1f, -1f}, null};
    double[][] previousF64 = {null, null, new double[wide.length]};
    for (int t = 1; t <= 4; t++) {
      double[] before = new double[2 * wide.length];
      for (List<Parameter> params : List.of(plain, kept)) {
        for (int p = 0; p < 3; p += 2) {
          for (int i = 0; i < wide.length; i++) {
            Params.setGradient(params.get(p), i, Math.cos(t * i) + params.get(p).get(i));
            before[p / 2 * wide.length + i] = params.get(p).get(i);
          }
        }
      }
      po.step(plain);
      ko.step(kept, previousF32, previousF64);
      for (int i = 0; i < wide.length; i++) {
        assertThat(kept.get(0).get(i)).as("float32 w[%d], step %d", i, t).isEqualTo(plain.get(0).get(i));
        assertThat(kept.get(2).get(i)).as("float64 w[%d], step %d", i, t).isEqualTo(plain.get(2).get(i));
        assertThat((double) previousF32[0][i]).as("float32 previous[%d]", i).isEqualTo(before[i]);
        assertThat(previousF64[2][i]).as("float64 previous[%d]", i).isEqualTo(before[wide.length + i]);
        assertThat(kept.get(0).get(i)).as("moved").isNotEqualTo(before[i]);
      }
      assertThat(previousF32[1]).containsExactly(-1f, -1f);
    }
  }

  @Test
  void restoreRefusesAStateOfAnotherShapeOrKind() {
    Parameter w = Params.vector("w", false, 1, 2, 3);
    Optimizer adam = OptimizerConfig.defaults(Kind.ADAM).create();
    Params.setGradient(w, 0, 1);
    adam.step(List.of(w));
    OptimizerState state = adam.exportState();

    assertThatThrownBy(() -> OptimizerConfig.defaults(Kind.SGD).create().restoreState(state, List.of(w)))
        .hasMessage("the saved optimizer state is for adam, not sgd");
    Parameter shorter = Params.vector("w", false, 1, 2);
    assertThatThrownBy(() -> OptimizerConfig.defaults(Kind.ADAM).create().restoreState(state, List.of(shorter)))
        .hasMessage("the saved optimizer slot w/m has 3 values, the parameter has 2");
    Parameter renamed = Params.vector("u", false, 1, 2, 3);
    assertThatThrownBy(() -> OptimizerConfig.defaults(Kind.ADAM).create().restoreState(state, List.of(renamed)))
        .hasMessage("the saved optimizer state has no float32 slot u/m");
  }

  @Test
  void refusesAnotherNetworksParameters() {
    Optimizer opt = OptimizerConfig.defaults(Kind.ADAM).create();
    opt.step(List.of(Params.vector("w", false, 1)));
    assertThatThrownBy(() -> opt.step(List.of(Params.vector("w", false, 1))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("already bound");
  }

  @Test
  void configRejectsNonsense() {
    assertThatThrownBy(() -> OptimizerConfig.defaults(Kind.ADAM).withLearningRate(0))
        .hasMessage("learning rate must be a positive number, got 0.0");
    assertThatThrownBy(() -> new OptimizerConfig(Kind.SGD, 0.1, 1.0, false, 0, 0, 0, 0, 0, 0))
        .hasMessage("momentum must be in [0, 1), got 1.0");
  }

  /** Both kinds of step, on a float32 matrix and a float64 bias, in the child JVM of {@link Allocations}. */
  static final class Steps implements Allocations.Workload {
    @Override
    public Runnable prepare(String kind) {
      OptimizerConfig c = new OptimizerConfig(Kind.valueOf(kind), 0.01, 0.5, true, 0.9, 0.999, 1e-7, 0.01, 0.9, 0.1);
      List<Parameter> params = List.of(
          Params.matrix("a", false, true, 8, 8, new double[64]), Params.matrix("b", true, true, 1, 8, new double[8]));
      Optimizer opt = c.create();
      float[][] previousF32 = {new float[64], null};
      double[][] previousF64 = {null, new double[8]};
      return () -> {
        opt.step(params);
        opt.step(params, previousF32, previousF64);
      };
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"SGD", "ADAM", "ADAMW", "RMSPROP", "ADAGRAD"})
  void stepAllocatesNothing(String kind) throws Exception {
    assertThat(Allocations.allocated(Steps.class, kind, Jit.C1, 10, 1000)).as("bytes allocated by 2,000 steps")
        .isZero();
  }
}
