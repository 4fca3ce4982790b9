package dev.nnet.runtime.blas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ludovic.netlib.blas.JavaBLAS;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.ejml.MatrixDimensionException;
import org.ejml.data.DMatrixRMaj;
import org.ejml.data.FMatrixRMaj;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every backend's three products, float32 and float64, against a naive triple loop in double precision, on random
 * matrices of many shapes: degenerate ones, ones that exercise every tile and edge loop of the Vector API kernels,
 * ones large enough to be split across threads, and the Fashion-MNIST MLP's layer shapes; each both in exactly
 * sized arrays and in larger buffers reshaped down, as partial batches are.
 */
class ProductsTest {
  enum Op {
    MULT,
    TRANS_A,
    TRANS_B
  }

  /**
   * Product shapes {m, k, n}: c is m × n, the shared dimension is k. {13, 30, 130} takes the Vector API kernels' every
   * tile of full panels on AVX-512 (three of 4 rows, then 1) and of AVX2 (four of 3 rows, then 1), then a tail.
   */
  private static final int[][] SHAPES = {
    {1, 1, 1}, {1, 7, 1}, {2, 1, 3}, {0, 4, 3}, {4, 0, 3}, {5, 3, 0}, {0, 0, 0},
    {8, 43, 43}, {17, 19, 45}, {3, 9, 8}, {11, 70, 71}, {64, 100, 50}, {32, 128, 10}, {32, 784, 128},
    {37, 1500, 29}, {29, 1500, 37}, {13, 30, 130}, {13, 301, 150}
  };

  /** The backends under test: every one this machine runs, plus the BLAS glue over netlib's pure-Java BLAS. */
  static List<Named<MatMulBackend>> backends() {
    Platform platform = Platform.probe(); // first, as in production, so that netlib starts quietly
    List<Named<MatMulBackend>> list = new ArrayList<>();
    list.add(named(new EjmlBackend()));
    // The transpose trick and leading dimensions are checked on every machine, native BLAS or not.
    list.add(Named.of("blas glue over netlib's Java BLAS", new BlasBackend(JavaBLAS.getInstance(), platform, 1)));
    // Large products cut into blocks of rows or columns over 3 threads (uneven blocks, offsets into every operand).
    list.add(Named.of("blas glue over netlib's Java BLAS, 3 threads",
        new BlasBackend(JavaBLAS.getInstance(), platform, 3, true)));
    for (String name : MatMul.available()) {
      if (!name.equals("ejml")) {
        list.add(named(MatMul.create(name, 1)));
        list.add(named(MatMul.create(name, 2)));
      }
    }
    return list;
  }

  private static Named<MatMulBackend> named(MatMulBackend backend) {
    return Named.of(backend.describe(), backend);
  }

  static Stream<Arguments> cases() {
    List<Arguments> cases = new ArrayList<>();
    for (Named<MatMulBackend> backend : backends()) {
      for (Op op : Op.values()) {
        for (int[] shape : SHAPES) {
          for (boolean oversized : new boolean[] {false, true}) {
            cases.add(Arguments.of(backend, op, shape[0], shape[1], shape[2], oversized));
          }
        }
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0} {1} m={2} k={3} n={4} oversized={5}")
  @MethodSource("cases")
  void float32MatchesNaiveLoop(MatMulBackend backend, Op op, int m, int k, int n, boolean oversized) {
    SplittableRandom random = new SplittableRandom(31L * m + 7L * k + n);
    FMatrixRMaj a = floatMatrix(op == Op.TRANS_A ? k : m, op == Op.TRANS_A ? m : k, oversized, random);
    FMatrixRMaj b = floatMatrix(op == Op.TRANS_B ? n : k, op == Op.TRANS_B ? k : n, oversized, random);
    FMatrixRMaj c = floatMatrix(m, n, oversized, random);
    Arrays.fill(c.data, Float.NaN); // every element of c must be written; none past m × n
    run(backend, op, a, b, c);

    double[] expected = new double[m * n];
    double[] scale = new double[m * n];
    naive(op, toDouble(a.data), toDouble(b.data), m, k, n, expected, scale);
    double[] actual = toDouble(c.data);
    // Any summation order errs by at most (k + 1) float32 roundings of the sum of magnitudes; a wrong or missing
    // term is larger than that.
    assertThat(firstMismatch(actual, expected, scale, m * n, (k + 2) * 0x1p-24)).isEmpty();
    assertThat(firstWrittenPast(actual, m * n)).isEmpty();
  }

  @ParameterizedTest(name = "{0} {1} m={2} k={3} n={4} oversized={5}")
  @MethodSource("cases")
  void float64MatchesNaiveLoop(MatMulBackend backend, Op op, int m, int k, int n, boolean oversized) {
    SplittableRandom random = new SplittableRandom(17L * m + 5L * k + n);
    DMatrixRMaj a = doubleMatrix(op == Op.TRANS_A ? k : m, op == Op.TRANS_A ? m : k, oversized, random);
    DMatrixRMaj b = doubleMatrix(op == Op.TRANS_B ? n : k, op == Op.TRANS_B ? k : n, oversized, random);
    DMatrixRMaj c = doubleMatrix(m, n, oversized, random);
    Arrays.fill(c.data, Double.NaN);
    run(backend, op, a, b, c);

    double[] expected = new double[m * n];
    double[] scale = new double[m * n];
    naive(op, a.data, b.data, m, k, n, expected, scale);
    // The reference rounds too: twice the float64 bound.
    assertThat(firstMismatch(c.data, expected, scale, m * n, 2 * (k + 2) * 0x1p-53)).isEmpty();
    assertThat(firstWrittenPast(c.data, m * n)).isEmpty();
  }

  static Stream<Named<MatMulBackend>> allBackends() {
    return backends().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("allBackends")
  void wrongShapesFailBeforeWriting(MatMulBackend backend) {
    FMatrixRMaj a = new FMatrixRMaj(3, 4);
    FMatrixRMaj b = new FMatrixRMaj(5, 2);
    FMatrixRMaj c = new FMatrixRMaj(3, 2);
    c.data[0] = 42f;
    assertThatThrownBy(() -> backend.mult(a, b, c))
        .isInstanceOf(MatrixDimensionException.class)
        .hasMessage("mult: a is 3×4 and b is 5×2: the shared dimension differs (4 vs 5)");
    assertThat(c.data[0]).isEqualTo(42f);

    DMatrixRMaj x = new DMatrixRMaj(4, 3);
    DMatrixRMaj y = new DMatrixRMaj(4, 2);
    DMatrixRMaj wrong = new DMatrixRMaj(2, 3);
    assertThatThrownBy(() -> backend.multTransA(x, y, wrong))
        .isInstanceOf(MatrixDimensionException.class)
        .hasMessage("multTransA: c is 2×3 but the product is 3×2; reshape c before the call");

    FMatrixRMaj square = new FMatrixRMaj(3, 3);
    FMatrixRMaj s2 = new FMatrixRMaj(3, 3);
    assertThatThrownBy(() -> backend.multTransB(square, s2, square))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("multTransB: c must not be the same matrix as a or b");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("allBackends")
  void shortDataArrayIsRejected(MatMulBackend backend) {
    FMatrixRMaj a = new FMatrixRMaj(2, 3);
    a.numRows = 4; // as if someone bypassed reshape
    FMatrixRMaj b = new FMatrixRMaj(3, 2);
    FMatrixRMaj c = new FMatrixRMaj(4, 2);
    assertThatThrownBy(() -> backend.mult(a, b, c))
        .isInstanceOf(MatrixDimensionException.class)
        .hasMessage("mult: a is 4×3 but its data array holds only 6 values");
  }

  /** The first element off by more than {@code relative × scale}, described, or empty. */
  static String firstMismatch(double[] actual, double[] expected, double[] scale, int size, double relative) {
    for (int i = 0; i < size; i++) {
      double tolerance = relative * scale[i];
      if (!(Math.abs(actual[i] - expected[i]) <= tolerance)) {
        return String.format("c[%d] = %s, expected %s ± %s", i, actual[i], expected[i], tolerance);
      }
    }
    return "";
  }

  /** The first element past the matrix that is no longer NaN, described, or empty. */
  static String firstWrittenPast(double[] actual, int size) {
    for (int i = size; i < actual.length; i++) {
      if (!Double.isNaN(actual[i])) {
        return String.format("c[%d] past the matrix was written: %s", i, actual[i]);
      }
    }
    return "";
  }

  private static void run(MatMulBackend backend, Op op, FMatrixRMaj a, FMatrixRMaj b, FMatrixRMaj c) {
    switch (op) {
      case MULT -> backend.mult(a, b, c);
      case TRANS_A -> backend.multTransA(a, b, c);
      case TRANS_B -> backend.multTransB(a, b, c);
    }
  }

  private static void run(MatMulBackend backend, Op op, DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
    switch (op) {
      case MULT -> backend.mult(a, b, c);
      case TRANS_A -> backend.multTransA(a, b, c);
      case TRANS_B -> backend.multTransB(a, b, c);
    }
  }

  /**
   * The reference: {@code expected[i][j] = Σ_p op(a)[i][p] · op(b)[p][j]} in double, and {@code scale[i][j]} the
   * same sum of absolute values, which bounds the rounding error of any summation order.
   */
  static void naive(Op op, double[] a, double[] b, int m, int k, int n, double[] expected, double[] scale) {
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        double sum = 0;
        double abs = 0;
        for (int p = 0; p < k; p++) {
          double x = op == Op.TRANS_A ? a[p * m + i] : a[i * k + p];
          double y = op == Op.TRANS_B ? b[j * k + p] : b[p * n + j];
          sum += x * y;
          abs += Math.abs(x * y);
        }
        expected[i * n + j] = sum;
        scale[i * n + j] = abs;
      }
    }
  }

  /** A rows × cols matrix of values in [-1, 1); oversized: a larger buffer reshaped down, junk past the matrix. */
  static FMatrixRMaj floatMatrix(int rows, int cols, boolean oversized, SplittableRandom random) {
    FMatrixRMaj m = oversized ? new FMatrixRMaj(rows + 3, cols + 2) : new FMatrixRMaj(rows, cols);
    m.reshape(rows, cols);
    for (int i = 0; i < m.data.length; i++) {
      m.data[i] = i < rows * cols ? (float) (2 * random.nextDouble() - 1) : 1e30f;
    }
    return m;
  }

  static DMatrixRMaj doubleMatrix(int rows, int cols, boolean oversized, SplittableRandom random) {
    DMatrixRMaj m = oversized ? new DMatrixRMaj(rows + 3, cols + 2) : new DMatrixRMaj(rows, cols);
    m.reshape(rows, cols);
    for (int i = 0; i < m.data.length; i++) {
      m.data[i] = i < rows * cols ? 2 * random.nextDouble() - 1 : 1e300;
    }
    return m;
  }

  private static double[] toDouble(float[] values) {
    double[] d = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      d[i] = values[i];
    }
    return d;
  }
}
