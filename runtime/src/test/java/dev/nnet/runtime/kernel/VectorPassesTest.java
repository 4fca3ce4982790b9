package dev.nnet.runtime.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nnet.runtime.Rng;
import org.junit.jupiter.api.Test;

/**
 * {@link VectorPasses} makes the same bits as the plain loops of {@link Bias} and {@link Activations} it stands in
 * for, on shapes with columns past the last whole vector and values where relu's mask matters (±0, subnormals, ±∞,
 * NaN). Runs with the Vector API (the build adds {@code jdk.incubator.vector} to the tests).
 */
class VectorPassesTest {
  private static final float[] SPECIAL = {
    0f, -0f, Float.MIN_VALUE, -Float.MIN_VALUE, Float.MIN_NORMAL, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY,
    Float.NaN, Float.intBitsToFloat(0xffc0_0001), Float.MAX_VALUE, -Float.MAX_VALUE, 1f, -1f
  };

  @Test
  void theVectorApiIsThere() {
    assertThat(Vectorized.worth(Vectorized.MIN_VALUES))
        .as("tests run with --add-modules jdk.incubator.vector")
        .isTrue();
  }

  @Test
  void biasAndItsGradientMatchThePlainLoops() {
    for (int cols : new int[] {1, 10, 16, 17, 128, 131}) {
      int rows = 37;
      float[] m = values(rows * cols, 1);
      float[] b = values(cols, 2);
      float[] plain = m.clone();
      for (int r = 0; r < rows; r++) {
        for (int j = 0; j < cols; j++) {
          plain[r * cols + j] += b[j];
        }
      }
      VectorPasses.biasAdd(m, rows, cols, b);
      assertThat(bits(m)).as("bias, %d columns", cols).containsExactly(bits(plain));

      float[] db = values(cols, 3);
      float[] plainDb = db.clone();
      for (int r = 0; r < rows; r++) {
        for (int j = 0; j < cols; j++) {
          plainDb[j] += m[r * cols + j];
        }
      }
      VectorPasses.biasAccumulate(m, rows, cols, db);
      assertThat(bits(db)).as("bias gradient, %d columns", cols).containsExactly(bits(plainDb));
    }
  }

  @Test
  void reluAndItsGradientMatchThePlainLoops() {
    int n = 1000 + 7;
    float[] x = values(n, 4);
    System.arraycopy(SPECIAL, 0, x, 3, SPECIAL.length);
    System.arraycopy(SPECIAL, 0, x, n - SPECIAL.length, SPECIAL.length); // in the scalar tail too
    float[] dy = values(n, 5);
    for (int from : new int[] {0, 5}) {
      int count = n - from;
      float[] y = new float[n];
      float[] plain = new float[n];
      VectorPasses.relu(x, y, from, count);
      for (int i = from; i < n; i++) {
        int bits = Float.floatToRawIntBits(x[i]);
        plain[i] = Float.intBitsToFloat(bits & Activations.positive(bits));
      }
      assertThat(bits(y)).as("relu from %d", from).containsExactly(bits(plain));

      float[] dx = new float[n];
      float[] plainDx = new float[n];
      VectorPasses.reluBackward(x, dy, dx, from, count);
      for (int i = from; i < n; i++) {
        int mask = Activations.positive(Float.floatToRawIntBits(x[i]));
        plainDx[i] = Float.intBitsToFloat(Float.floatToRawIntBits(dy[i]) & mask);
      }
      assertThat(bits(dx)).as("relu gradient from %d", from).containsExactly(bits(plainDx));
    }
  }

  @Test
  void theKernelsTakeTheVectorPathForLargeArraysWithTheSameResults() {
    int rows = 64;
    int cols = 128; // 8,192 values: past Vectorized.MIN_VALUES
    float[] m = values(rows * cols, 6);
    float[] b = values(cols, 7);
    float[] expected = m.clone();
    for (int r = 0; r < rows; r++) {
      for (int j = 0; j < cols; j++) {
        expected[r * cols + j] = Math.max(0f, expected[r * cols + j] + b[j]);
      }
    }
    Bias.add(m, rows, cols, b);
    Activations.relu(m, m, 0, rows * cols);
    assertThat(m).containsExactly(expected);
  }

  /** n values in [−2, 2) from a seeded {@link Rng}. */
  static float[] values(int n, long seed) {
    Rng rng = new Rng(seed);
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) (rng.nextDouble() * 4 - 2);
    }
    return v;
  }

  private static int[] bits(float[] v) {
    int[] b = new int[v.length];
    for (int i = 0; i < v.length; i++) {
      b[i] = Float.floatToRawIntBits(v[i]);
    }
    return b;
  }
}
