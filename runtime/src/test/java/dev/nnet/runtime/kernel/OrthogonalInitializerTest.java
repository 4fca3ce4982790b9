package dev.nnet.runtime.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.nnet.runtime.Rng;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Keras' Orthogonal: the fewer of the rows or columns come out orthonormal, for wide, tall and square shapes. */
class OrthogonalInitializerTest {
  @ParameterizedTest(name = "{0}x{1}")
  @CsvSource({"4, 12", "12, 4", "5, 5", "1, 3", "64, 192"})
  void fewerOfRowsOrColumnsAreOrthonormal(int rows, int cols) {
    double[] w = new double[rows * cols];
    Initializers.orthogonal(w, rows, cols, new Rng(3));
    boolean byRows = rows <= cols;
    int vectors = Math.min(rows, cols);
    int length = Math.max(rows, cols);
    for (int a = 0; a < vectors; a++) {
      for (int b = 0; b < vectors; b++) {
        double dot = 0;
        for (int k = 0; k < length; k++) {
          dot += byRows ? w[a * cols + k] * w[b * cols + k] : w[k * cols + a] * w[k * cols + b];
        }
        assertEquals(a == b ? 1 : 0, dot, 1e-12, "vectors " + a + " and " + b);
      }
    }
  }

  @ParameterizedTest(name = "{0}x{1}")
  @CsvSource({"4, 12", "6, 6"})
  void theFloatDrawIsTheDoubleOneRoundedAndSeedsDiffer(int rows, int cols) {
    double[] d = new double[rows * cols];
    float[] f = new float[rows * cols];
    Initializers.orthogonal(d, rows, cols, new Rng(9));
    Initializers.orthogonal(f, rows, cols, new Rng(9));
    for (int i = 0; i < d.length; i++) {
      assertEquals((float) d[i], f[i]);
    }
    double[] other = new double[rows * cols];
    Initializers.orthogonal(other, rows, cols, new Rng(10));
    assertNotEquals(d[0], other[0]);
  }
}
