package dev.nnet.runtime.blas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nnet.runtime.testing.Allocations;
import dev.nnet.runtime.testing.Allocations.Jit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.ejml.MatrixDimensionException;
import org.ejml.data.FMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The single-row product of batch-1 inference ({@link RowKernels}): its Vector API path, its plain-loop path and the
 * {@link MatMul} facade that routes one-row products to it, against a naive loop in double precision, for widths that
 * exercise every column block and tail, inputs with and without zeros, and buffers longer than the matrices.
 */
class RowKernelsTest {
  private static final int[] WIDTHS = {0, 1, 3, 7, 8, 9, 10, 31, 63, 64, 65, 128, 130, 200};
  private static final int[] DEPTHS = {0, 1, 5, 33, 784};

  static Stream<Arguments> shapes() {
    List<Arguments> list = new ArrayList<>();
    for (int k : DEPTHS) {
      for (int n : WIDTHS) {
        list.add(Arguments.of(k, n));
      }
    }
    return list.stream();
  }

  /** A row with about half its values zero (as an image's background, or a ReLU's output), and a matrix. */
  private static float[][] operands(int k, int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] x = new float[k + 3]; // longer than the row, as a reshaped buffer
    for (int p = 0; p < k; p++) {
      x[p] = r.nextBoolean() ? 0f : (float) r.nextDouble(-2, 2);
    }
    Arrays.fill(x, k, x.length, Float.NaN); // past the row: must never be read
    float[] b = new float[k * n + 5];
    for (int i = 0; i < k * n; i++) {
      b[i] = (float) r.nextDouble(-1, 1);
    }
    return new float[][] {x, b};
  }

  private static double[] naive(float[] x, float[] b, int k, int n) {
    double[] c = new double[n];
    for (int j = 0; j < n; j++) {
      for (int p = 0; p < k; p++) {
        c[j] += (double) x[p] * b[p * n + j];
      }
    }
    return c;
  }

  private static void assertClose(float[] c, double[] expected, int k, String what) {
    for (int j = 0; j < expected.length; j++) {
      assertThat((double) c[j]).as("%s c[%d]", what, j).isCloseTo(expected[j],
          org.assertj.core.api.Assertions.within(1e-5 * (k + 1)));
    }
  }

  @ParameterizedTest(name = "k={0}, n={1}")
  @MethodSource("shapes")
  void bothPathsMatchTheNaiveProduct(int k, int n) {
    float[][] ops = operands(k, n, 31L * k + n);
    float[] x = ops[0];
    float[] b = ops[1];
    double[] expected = naive(x, b, k, n);
    int[] nz = new int[k];
    int count = 0;
    for (int p = 0; p < k; p++) {
      if (x[p] != 0f) {
        nz[count++] = p;
      }
    }

    float[] plain = new float[n + 2];
    Arrays.fill(plain, 99f); // stale values must be overwritten, and nothing past n written
    RowKernels.plain(x, nz, count, b, plain, n);
    assertClose(plain, expected, k, "plain");
    assertThat(plain[n]).isEqualTo(99f);

    float[] vector = new float[n + 2];
    Arrays.fill(vector, 99f);
    FloatRowKernels.rowTimesMatrix(x, nz, count, b, vector, n, 0, new float[FloatRowKernels.BLOCK]);
    assertClose(vector, expected, k, "vector");
    assertThat(vector[n]).isEqualTo(99f);

    float[] dispatched = new float[n + 2];
    Arrays.fill(dispatched, 99f);
    RowKernels.mult(x, b, dispatched, k, n);
    assertClose(dispatched, expected, k, "RowKernels.mult");
    assertThat(dispatched[n]).isEqualTo(99f);
  }

  /**
   * The loads from an aligned offset ({@link FloatRowKernels}' wrap vector, and the scalar rows at both ends of
   * {@code b}) give the very bits of the loads from 0, at every offset: which one a run finds changes only the speed.
   * Rows 0 and {@code k − 1} nonzero or zero, {@code b} exactly {@code k × n} long or longer.
   */
  @ParameterizedTest(name = "k={0}")
  @MethodSource("alignedDepths")
  void everyOffsetGivesTheBitsOfOffsetZero(int k) {
    int block = FloatRowKernels.BLOCK;
    for (int n : new int[] {block, 2 * block}) {
      for (boolean edgesZero : new boolean[] {false, true}) {
        for (int extra : new int[] {0, 5}) {
          float[][] ops = operands(k, n, 7L * k + n);
          float[] x = ops[0];
          float[] b = Arrays.copyOf(ops[1], k * n + extra);
          x[0] = edgesZero ? 0f : 0.75f;
          x[k - 1] = edgesZero ? 0f : -1.25f;
          int[] nz = new int[k];
          int count = 0;
          for (int p = 0; p < k; p++) {
            if (x[p] != 0f) {
              nz[count++] = p;
            }
          }
          float[] scratch = new float[block];
          float[] fromZero = new float[n];
          FloatRowKernels.rowTimesMatrix(x, nz, count, b, fromZero, n, 0, scratch);
          assertClose(fromZero, naive(x, b, k, n), k, "offset 0");
          for (int s = 1; s < FloatRowKernels.lanes(); s++) {
            float[] c = new float[n + 1];
            c[n] = 99f;
            Arrays.fill(scratch, Float.NaN); // stale scratch must not leak into the result
            FloatRowKernels.rowTimesMatrix(x, nz, count, b, c, n, s, scratch);
            assertThat(Arrays.copyOf(c, n)).as("n=%d, offset %d, edges zero %s, %d extra", n, s, edgesZero, extra)
                .containsExactly(fromZero);
            assertThat(c[n]).isEqualTo(99f);
          }
        }
      }
    }
  }

  static Stream<Integer> alignedDepths() {
    return Stream.of(1, 2, 5, 33, 784);
  }

  /** Zero inputs, −0 among them, are skipped (their rows' infinities never reach the sum); NaN is not. */
  @Test
  void zerosOfEitherSignAreSkippedAndNanIsNot() {
    int n = 3;
    float[] b = {Float.POSITIVE_INFINITY, Float.POSITIVE_INFINITY, 1f, Float.NEGATIVE_INFINITY, 5f, 5f, 2f, 3f, 4f};
    float[] c = new float[n];
    RowKernels.mult(new float[] {-0f, 0f, 1f}, b, c, 3, n);
    assertThat(c).containsExactly(2f, 3f, 4f);
    RowKernels.mult(new float[] {0f, Float.NaN, 1f}, b, c, 3, n);
    assertThat(c).containsOnly(Float.NaN);
  }

  /**
   * The same for a product narrower than a vector (an output layer of 10 classes over 40 units), whose rows are
   * summed without a list of nonzeros: the rows of zero inputs hold infinities, which must not reach the sum.
   */
  @Test
  void zerosOfANarrowProductAreSkippedToo() {
    int k = 40;
    int n = 10;
    SplittableRandom r = new SplittableRandom(7);
    float[] x = new float[k];
    float[] b = new float[k * n];
    double[] expected = new double[n];
    for (int p = 0; p < k; p++) {
      x[p] = p % 3 == 0 ? (p % 2 == 0 ? 0f : -0f) : (float) r.nextDouble(-2, 2);
      for (int j = 0; j < n; j++) {
        b[p * n + j] = x[p] == 0f ? Float.NEGATIVE_INFINITY : (float) r.nextDouble(-1, 1);
        expected[j] += x[p] == 0f ? 0 : (double) x[p] * b[p * n + j];
      }
    }
    float[] c = new float[n];
    RowKernels.mult(x, b, c, k, n);
    assertClose(c, expected, k, "narrow");
    x[17] = Float.NaN;
    RowKernels.mult(x, b, c, k, n);
    assertThat(c).containsOnly(Float.NaN);
  }

  /** A batch of one row through the facade: reshaped buffers, as a generated network's predict uses them. */
  @Test
  void facadeRoutesOneRowAndChecksShapes() {
    int k = 784;
    int n = 128;
    float[][] ops = operands(k, n, 5);
    FMatrixRMaj a = new FMatrixRMaj(32, k);
    System.arraycopy(ops[0], 0, a.data, 0, k);
    a.reshape(1, k);
    FMatrixRMaj b = new FMatrixRMaj(k, n);
    System.arraycopy(ops[1], 0, b.data, 0, k * n);
    FMatrixRMaj c = new FMatrixRMaj(32, n);
    c.reshape(1, n);
    MatMul.mult(a, b, c);
    assertClose(c.data, naive(ops[0], ops[1], k, n), k, "MatMul.mult");

    FMatrixRMaj wrong = new FMatrixRMaj(1, n + 1);
    assertThatThrownBy(() -> MatMul.mult(a, b, wrong))
        .isInstanceOf(MatrixDimensionException.class)
        .hasMessage("mult: c is 1×129 but the product is 1×128; reshape c before the call");
  }

  /**
   * The same result however often it runs, before and after {@link AlignedOffsets} has found the matrix's aligned
   * offset (its first probe comes after 64 calls), and the batch backend's result for the same row to float rounding.
   */
  @Test
  void repeatableAndAgreesWithTheBatchProduct() {
    int k = 784;
    int n = 128;
    float[][] ops = operands(k, n, 11);
    float[] first = new float[n];
    RowKernels.mult(ops[0], ops[1], first, k, n);
    float[] again = new float[n];
    for (int i = 0; i < 3_000; i++) {
      RowKernels.mult(ops[0], ops[1], again, k, n);
      assertThat(again).as("call %d", i).containsExactly(first);
    }
    FMatrixRMaj a = new FMatrixRMaj(2, k); // two rows: the backend's general product, as a batch
    System.arraycopy(ops[0], 0, a.data, 0, k);
    System.arraycopy(ops[0], 0, a.data, k, k);
    FMatrixRMaj b = new FMatrixRMaj(k, n);
    System.arraycopy(ops[1], 0, b.data, 0, k * n);
    FMatrixRMaj batch = new FMatrixRMaj(2, n);
    MatMul.mult(a, b, batch);
    for (int j = 0; j < n; j++) {
      assertThat(first[j]).as("c[%d]", j).isCloseTo(batch.data[j], org.assertj.core.api.Assertions.within(1e-5f * k));
    }
  }

  /** A 784 × 128 product by a row with zeros, over and over, in the child JVM of {@link Allocations}. */
  static final class Products implements Allocations.Workload {
    @Override
    public Runnable prepare(String argument) {
      float[][] ops = operands(784, 128, 11);
      float[] c = new float[128];
      return () -> RowKernels.mult(ops[0], ops[1], c, 784, 128);
    }
  }

  /**
   * No allocation once a thread's scratch has grown: the plain loop under C1 (nnet's own code allocates nothing at
   * all), and the Vector API path once C2 has compiled it (until then each vector is an object).
   */
  @Test
  void allocationFreeOnceTheScratchHasGrown() throws Exception {
    assertThat(Allocations.allocated(Products.class, "", Jit.C1, 10, 1000)).as("plain loop, bytes of 1,000 calls")
        .isZero();
    assertThat(Allocations.allocated(Products.class, "", Jit.C2_WAITING, 2_000, 1000,
        "--add-modules", "jdk.incubator.vector")).as("Vector API, bytes of 1,000 calls").isZero();
  }
}
