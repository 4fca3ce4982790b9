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
    for (int cols : new int[] {1, 10, 16, 17, 83, 128, 131, 192}) {
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

      int offset = 3; // a bias that starts inside a longer array, as a GRU's recurrent bias row
      float[] db = values(offset + cols, 3);
      float[] plainDb = db.clone();
      for (int r = 0; r < rows; r++) {
        for (int j = 0; j < cols; j++) {
          plainDb[offset + j] += m[r * cols + j];
        }
      }
      VectorPasses.biasAccumulate(m, rows, cols, db, offset);
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
        plain[i] = Float.intBitsToFloat(bits & ActivationMath.positive(bits));
      }
      assertThat(bits(y)).as("relu from %d", from).containsExactly(bits(plain));

      float[] dx = new float[n];
      float[] plainDx = new float[n];
      VectorPasses.reluBackward(x, dy, dx, from, count);
      for (int i = from; i < n; i++) {
        int mask = ActivationMath.positive(Float.floatToRawIntBits(x[i]));
        plainDx[i] = Float.intBitsToFloat(Float.floatToRawIntBits(dy[i]) & mask);
      }
      assertThat(bits(dx)).as("relu gradient from %d", from).containsExactly(bits(plainDx));
    }
  }

  @Test
  void aConvolutionsOutputAndItsReluGradientMatchThePlainLoops() {
    for (int filters : new int[] {1, 16, 17, 64, 70}) {
      int pixels = 23;
      int n = pixels * filters;
      float[] product = values(n, 8);
      System.arraycopy(SPECIAL, 0, product, 0, Math.min(SPECIAL.length, n));
      float[] b = values(filters, 9);
      for (float[] bias : new float[][] {b, null}) {
        float[] y = new float[n + 5];
        float[] plain = new float[n + 5];
        VectorPasses.outputRelu(product, pixels, filters, bias, y, 5);
        for (int i = 0; i < n; i++) {
          plain[5 + i] = Math.max(product[i] + (bias == null ? 0f : bias[i % filters]), 0f);
        }
        assertThat(bits(y)).as("output, %d filters, bias %s", filters, bias != null).containsExactly(bits(plain));
      }
      float[] y = values(n + 3, 10);
      System.arraycopy(SPECIAL, 0, y, 3, Math.min(SPECIAL.length, n));
      float[] dy = values(n + 3, 11);
      float[] dz = new float[n];
      float[] plain = new float[n];
      VectorPasses.reluGradient(dy, y, 3, n, dz);
      for (int i = 0; i < n; i++) {
        plain[i] = dy[3 + i] * Math.min(y[3 + i] * 0x1p100f * 0x1p100f, 1f);
      }
      assertThat(bits(dz)).as("relu gradient, %d filters", filters).containsExactly(bits(plain));
    }
  }

  @Test
  void globalMaxPoolingMatchesThePlainLoopWithItsWinners() {
    // ties (values rounded to quarters), NaN, ±0 and padded positions, channels past the last whole vector
    for (int channels : new int[] {3, 16, 64, 67}) {
      int rows = 6;
      int positions = 9;
      float[] x = values(rows * positions * channels, 12);
      for (int i = 0; i < x.length; i++) {
        x[i] = i % 11 == 0 ? SPECIAL[i % SPECIAL.length] : Math.round(x[i] * 4) / 4f;
      }
      float[] mask = values(rows * positions, 13);
      for (int i = 0; i < mask.length; i++) {
        mask[i] = i / positions == 2 || mask[i] < -1 ? 0 : 1; // sample 2 has no real position
      }
      for (float[] m : new float[][] {null, mask}) {
        for (boolean training : new boolean[] {true, false}) {
          float[] y = new float[rows * channels];
          int[] winners = training ? new int[rows * channels] : null;
          float[] plainY = new float[rows * channels];
          int[] plainWinners = training ? new int[rows * channels] : null;
          VectorPasses.globalMax(x, m, rows, positions, channels, y, winners);
          // GlobalPooling.max takes its plain loop below Vectorized.MIN_VALUES values
          assertThat(rows * positions * channels).isLessThan(Vectorized.MIN_VALUES);
          GlobalPooling.max(x, m, rows, positions, channels, plainY, plainWinners);
          assertThat(bits(y)).as("%d channels, mask %s, training %s", channels, m != null, training)
              .containsExactly(bits(plainY));
          if (training) {
            assertThat(winners).containsExactly(plainWinners);
          }
        }
      }
    }
  }

  @Test
  void theSparseConvolutionBackwardMatchesThePlainLoop() {
    // SparseConvolution.backward takes its plain loop below Vectorized.MIN_VALUES values of dz
    for (int filters : new int[] {5, 16, 40}) {
      for (Window2d w : new Window2d[] {
        new Window2d(1, 12, 8, 1, 3, 1, 1, 0, 0, 1, 10), new Window2d(6, 6, 3, 3, 3, 2, 2, 1, 1, 3, 3)
      }) {
        int rows = 3;
        int patch = w.patchSize();
        assertThat(rows * w.outPixels() * filters).isLessThan(Vectorized.MIN_VALUES);
        float[] x = values(rows * w.inSize(), 14);
        float[] kernelT = values(filters * patch, 15);
        float[] dz = values(rows * w.outPixels() * filters, 16);
        for (int i = 0; i < dz.length; i++) {
          dz[i] = i % 9 == 1 ? dz[i] : i % 9 == 4 ? -0f : i % 9 == 7 ? SPECIAL[i % SPECIAL.length] : 0f;
        }
        float[] gradT = values(filters * patch, 17);
        float[] plainGradT = gradT.clone();
        float[] dx = new float[x.length];
        float[] plainDx = new float[x.length];
        VectorPasses.backwardSparse(x, 0, rows, w, dz, filters, kernelT, gradT, dx);
        SparseConvolution.backward(x, 0, rows, w, dz, filters, kernelT, plainGradT, plainDx);
        // the same bits, but that a NaN's payload may come from another operand
        assertThat(canonicalBits(gradT)).as("dK, %d filters", filters).containsExactly(canonicalBits(plainGradT));
        assertThat(canonicalBits(dx)).as("dx, %d filters", filters).containsExactly(canonicalBits(plainDx));
        int nonZeros = 0;
        for (float v : dz) {
          nonZeros += v != 0 ? 1 : 0;
        }
        assertThat(VectorPasses.nonZeros(dz, dz.length)).isEqualTo(nonZeros);
      }
    }
  }

  @Test
  void theEmbeddingsScatterAddMatchesThePlainLoop() {
    for (int dim : new int[] {3, 16, 32, 41, 192}) {
      int count = 97;
      int vocabulary = 7; // ids repeat: each row of the table sums many rows of dy, in order
      float[] ids = new float[count];
      for (int i = 0; i < count; i++) {
        ids[i] = (i * 5 + i / 7) % vocabulary;
      }
      float[] dy = values(count * dim, 8);
      float[] table = values(vocabulary * dim, 9);
      float[] plain = table.clone();
      for (int i = 0; i < count; i++) {
        for (int j = 0; j < dim; j++) {
          plain[(int) ids[i] * dim + j] += dy[i * dim + j];
        }
      }
      VectorPasses.scatterAdd(ids, dy, count, dim, table);
      assertThat(bits(table)).as("%d columns", dim).containsExactly(bits(plain));
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

  private static int[] canonicalBits(float[] v) {
    int[] b = new int[v.length];
    for (int i = 0; i < v.length; i++) {
      b[i] = Float.floatToIntBits(v[i]);
    }
    return b;
  }

  private static int[] bits(float[] v) {
    int[] b = new int[v.length];
    for (int i = 0; i < v.length; i++) {
      b[i] = Float.floatToRawIntBits(v[i]);
    }
    return b;
  }
}
