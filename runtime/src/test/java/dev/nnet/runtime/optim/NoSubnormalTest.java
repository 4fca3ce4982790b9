package dev.nnet.runtime.optim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nnet.runtime.Parameter;
import dev.nnet.runtime.optim.OptimizerConfig.Kind;
import dev.nnet.runtime.testing.Params;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * No optimizer stores a subnormal, whatever subnormal or tiny values its gradients and its (restored) state hold,
 * and the Vector API loops make the same bits as the plain ones ({@link SlotOptimizer}'s flush of negligible values).
 */
class NoSubnormalTest {
  /** 100 values: zeros, subnormals, tiny normals whose products underflow, and ordinary values, both signs. */
  private static float[] mixed(long seed, int n) {
    Random random = new Random(seed);
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      float magnitude = switch (i % 5) {
        case 0 -> 0f;
        case 1 -> Float.MIN_VALUE * (1 + random.nextInt(1 << 22)); // subnormal
        case 2 -> Float.MIN_NORMAL * (1 + 100 * random.nextFloat()); // normal, but its products are not
        case 3 -> (float) Math.pow(2, -40 - 80 * random.nextDouble()); // around the bounds of negligible values
        default -> 1e-3f * random.nextFloat();
      };
      x[i] = random.nextBoolean() ? magnitude : -magnitude;
    }
    return x;
  }

  private static double[] mixedF64(long seed, int n) {
    Random random = new Random(seed);
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      double magnitude = switch (i % 5) {
        case 0 -> 0.0;
        case 1 -> Double.MIN_VALUE * (1 + random.nextInt(1 << 30));
        case 2 -> Double.MIN_NORMAL * (1 + 100 * random.nextDouble());
        case 3 -> Math.pow(2, -480 - 540 * random.nextDouble());
        default -> 1e-3 * random.nextDouble();
      };
      x[i] = random.nextBoolean() ? magnitude : -magnitude;
    }
    return x;
  }

  private static boolean subnormal(float x) {
    return x != 0 && Math.abs(x) < Float.MIN_NORMAL;
  }

  private static boolean subnormal(double x) {
    return x != 0 && Math.abs(x) < Double.MIN_NORMAL;
  }

  /** Whether a slot holds a sum of squares, never negative (Adam's v, RMSprop's mean square, Adagrad's sum). */
  private static boolean ofSquares(String key) {
    return key.endsWith("/v") || key.endsWith("/velocity") || key.endsWith("/accumulator");
  }

  @ParameterizedTest
  @CsvSource({"SGD, 0.9, false", "SGD, 0.9, true", "ADAM, 0, false", "ADAMW, 0, false", "RMSPROP, 0, false",
      "RMSPROP, 0.9, false", "ADAGRAD, 0, false"})
  void noStepStoresASubnormal(Kind kind, double momentum, boolean nesterov) {
    int n = 101; // more than whole vectors, so the plain tail runs too
    OptimizerConfig config = new OptimizerConfig(kind, 0.01, momentum, nesterov, 0.9, 0.999, 1e-7, 0.004, 0.9, 0.1);
    Parameter f32 = Params.vector("f32", false, new double[n]);
    Parameter f64 = Params.vector("f64", true, new double[n]);
    List<Parameter> params = List.of(f32, f64);
    Optimizer optimizer = config.create();
    optimizer.step(params); // binds, so the state has its arrays
    OptimizerState bound = optimizer.exportState();
    Map<String, float[]> floats = new HashMap<>();
    Map<String, double[]> doubles = new HashMap<>();
    long seed = 1;
    for (String key : bound.floats().keySet()) {
      float[] slot = mixed(seed++, n);
      if (ofSquares(key)) {
        for (int i = 0; i < n; i++) {
          slot[i] = Math.abs(slot[i]);
        }
      }
      floats.put(key, slot);
    }
    for (String key : bound.doubles().keySet()) {
      double[] slot = mixedF64(seed++, n);
      if (ofSquares(key)) {
        for (int i = 0; i < n; i++) {
          slot[i] = Math.abs(slot[i]);
        }
      }
      doubles.put(key, slot);
    }
    optimizer.restoreState(new OptimizerState(kind, 1, floats, doubles), params);

    float[] g32 = mixed(seed++, n);
    double[] g64 = mixedF64(seed, n);
    for (int step = 0; step < 3; step++) {
      for (int i = 0; i < n; i++) {
        Params.setGradient(f32, i, g32[i]);
        Params.setGradient(f64, i, g64[i]);
      }
      optimizer.step(params);
    }

    OptimizerState after = optimizer.exportState();
    assertThat(after.floats()).isNotEmpty();
    after.floats().forEach((key, slot) -> {
      for (float x : slot) {
        assertThat(subnormal(x)).as("%s holds %s", key, x).isFalse();
      }
    });
    after.doubles().forEach((key, slot) -> {
      for (double x : slot) {
        assertThat(subnormal(x)).as("%s holds %s", key, x).isFalse();
      }
    });
    for (int i = 0; i < n; i++) {
      assertThat(Double.isFinite(f32.get(i)) && Double.isFinite(f64.get(i))).as("weight %d", i).isTrue();
    }
  }

  @ParameterizedTest
  @CsvSource({"ADAM", "SGD", "NESTEROV", "RMSPROP", "RMSPROP_MOMENTUM", "ADAGRAD"})
  void vectorAndPlainLoopsMakeTheSameBits(String loop) {
    assertThat(SlotOptimizer.VECTOR).as("the tests run with the Vector API").isTrue();
    int n = 1003;
    float[][] vector = {mixed(1, n), mixed(2, n), mixed(3, n), mixed(4, n), new float[n]};
    float[][] plain = new float[5][];
    for (int a = 0; a < 5; a++) {
      plain[a] = vector[a].clone();
    }
    for (float[] s : List.of(vector[2], plain[2], vector[3], plain[3])) {
      for (int i = 0; i < n; i++) {
        s[i] = loop.startsWith("SGD") || loop.equals("NESTEROV") ? s[i] : Math.abs(s[i]); // squares are >= 0
      }
    }
    for (int repeat = 0; repeat < 3; repeat++) { // from 3, so that neither loop starts at a whole vector
      run(loop, vector, 3, n, true);
      run(loop, plain, 3, n, false);
    }
    for (int a = 0; a < 5; a++) {
      assertThat(vector[a]).as("array %d", a).containsExactly(plain[a]);
    }
  }

  /** One step of {@code loop} on {@code a = {w, g, slot, slot, previous}}. */
  private static void run(String loop, float[][] a, int from, int to, boolean vector) {
    switch (loop) {
      case "ADAM" -> {
        if (vector) {
          VectorSteps.adam(a[0], a[1], a[2], a[3], a[4], from, to, 0.1f, 0.001f, 0.003f, 1e-7f);
        } else {
          Adam.plain(a[0], a[1], a[2], a[3], a[4], from, to, 0.1f, 0.001f, 0.003f, 1e-7f);
        }
      }
      case "SGD", "NESTEROV" -> {
        if (vector) {
          VectorSteps.sgd(a[0], a[1], a[2], from, to, 0.9f, 0.01f, loop.equals("NESTEROV"));
        } else {
          Sgd.plain(a[0], a[1], a[2], from, to, 0.9f, 0.01f, loop.equals("NESTEROV"));
        }
      }
      case "RMSPROP", "RMSPROP_MOMENTUM" -> {
        float[] u = loop.equals("RMSPROP") ? null : a[3];
        if (vector) {
          VectorSteps.rmsProp(a[0], a[1], a[2], u, from, to, 0.9f, 0.1f, 0.001f, 1e-7f, 0.9f);
        } else {
          RmsProp.plain(a[0], a[1], a[2], u, from, to, 0.9f, 0.1f, 0.001f, 1e-7f, 0.9f);
        }
      }
      case "ADAGRAD" -> {
        if (vector) {
          VectorSteps.adagrad(a[0], a[1], a[2], from, to, 0.001f, 1e-7f);
        } else {
          Adagrad.plain(a[0], a[1], a[2], from, to, 0.001f, 1e-7f);
        }
      }
      default -> throw new IllegalArgumentException(loop);
    }
  }
}
