package dev.nnet.runtime.blas;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ludovic.netlib.blas.JavaBLAS;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.data.FMatrixRMaj;
import org.junit.jupiter.api.Test;

/**
 * The Vector API kernels compute every element the same way whatever the split, so one thread and two give the same
 * bits; and every backend repeats itself exactly.
 */
class DeterminismTest {
  /**
   * Shapes {m, k, n} big enough to be split across threads, with every edge loop in play; the last two are cut along
   * k ({@link SharedSplit}), a dense layer's x·W at batch 32 and one with an odd depth and a tail panel.
   */
  private static final int[][] SHAPES = {{128, 128, 20}, {61, 67, 131}, {64, 100, 50}, {32, 784, 128}, {13, 301, 150}};

  @Test
  void theShapesAreSplit() {
    for (int[] s : SHAPES) {
      assertThat((long) s[0] * s[1] * s[2]).isGreaterThanOrEqualTo(Parallel.MIN_PART_MACS);
    }
  }

  @Test
  void theLastShapesAreCutAlongTheSharedDimension() {
    for (int[] s : SHAPES) {
      boolean last = s == SHAPES[SHAPES.length - 1] || s == SHAPES[SHAPES.length - 2];
      assertThat(SharedSplit.applies(s[0], s[2], s[1])).as("%s", java.util.Arrays.toString(s)).isEqualTo(last);
    }
  }

  @Test
  void vectorGivesTheSameBitsForOneAndTwoThreads() {
    MatMulBackend one = MatMul.create("vector", 1);
    MatMulBackend two = MatMul.create("vector", 2);
    SplittableRandom random = new SplittableRandom(42);
    for (int[] s : SHAPES) {
      int m = s[0], k = s[1], n = s[2];
      for (ProductsTest.Op op : ProductsTest.Op.values()) {
        FMatrixRMaj a = ProductsTest.floatMatrix(op == ProductsTest.Op.TRANS_A ? k : m,
            op == ProductsTest.Op.TRANS_A ? m : k, false, random);
        FMatrixRMaj b = ProductsTest.floatMatrix(op == ProductsTest.Op.TRANS_B ? n : k,
            op == ProductsTest.Op.TRANS_B ? k : n, false, random);
        FMatrixRMaj c1 = new FMatrixRMaj(m, n);
        FMatrixRMaj c2 = new FMatrixRMaj(m, n);
        run(one, op, a, b, c1);
        run(two, op, a, b, c2);
        assertThat(c2.data).as("%s %dx%dx%d", op, m, k, n).containsExactly(c1.data);

        DMatrixRMaj x = ProductsTest.doubleMatrix(a.numRows, a.numCols, false, random);
        DMatrixRMaj y = ProductsTest.doubleMatrix(b.numRows, b.numCols, false, random);
        DMatrixRMaj z1 = new DMatrixRMaj(m, n);
        DMatrixRMaj z2 = new DMatrixRMaj(m, n);
        run(one, op, x, y, z1);
        run(two, op, x, y, z2);
        assertThat(z2.data).as("%s %dx%dx%d", op, m, k, n).containsExactly(z1.data);
      }
    }
  }

  /**
   * The BLAS backend hands a dense layer's x·W at a small batch to the Vector API kernels (faster there, measured),
   * so it gives their bits; from {@link BlasBackend#VECTOR_ROWS} rows on it is BLAS's product again.
   */
  @Test
  void blasRunsASmallBatchsDenseProductOnTheVectorKernels() {
    SplittableRandom random = new SplittableRandom(11);
    FMatrixRMaj w = ProductsTest.floatMatrix(784, 128, false, random);
    for (int rows : new int[] {32, BlasBackend.VECTOR_ROWS}) {
      FMatrixRMaj x = ProductsTest.floatMatrix(rows, 784, false, random);
      FMatrixRMaj viaBlas = new FMatrixRMaj(rows, 128);
      FMatrixRMaj viaVector = new FMatrixRMaj(rows, 128);
      new BlasBackend(JavaBLAS.getInstance(), Platform.probe(), 2, true).mult(x, w, viaBlas);
      MatMul.create("vector", 2).mult(x, w, viaVector);
      if (rows < BlasBackend.VECTOR_ROWS) {
        assertThat(viaBlas.data).as("%d rows", rows).containsExactly(viaVector.data);
      } else {
        assertThat(viaBlas.data).as("%d rows", rows).isNotEqualTo(viaVector.data);
      }
    }
  }

  @Test
  void everyBackendRepeatsItself() {
    SplittableRandom random = new SplittableRandom(7);
    FMatrixRMaj a = ProductsTest.floatMatrix(32, 784, false, random);
    FMatrixRMaj b = ProductsTest.floatMatrix(784, 128, false, random);
    for (String name : MatMul.available()) {
      MatMulBackend backend = MatMul.create(name, MatMul.defaultThreads());
      FMatrixRMaj first = new FMatrixRMaj(32, 128);
      backend.mult(a, b, first);
      for (int run = 0; run < 20; run++) {
        FMatrixRMaj again = new FMatrixRMaj(32, 128);
        backend.mult(a, b, again);
        assertThat(again.data).as("%s run %d", name, run).containsExactly(first.data);
      }
    }
  }

  private static void run(MatMulBackend backend, ProductsTest.Op op, FMatrixRMaj a, FMatrixRMaj b, FMatrixRMaj c) {
    switch (op) {
      case MULT -> backend.mult(a, b, c);
      case TRANS_A -> backend.multTransA(a, b, c);
      case TRANS_B -> backend.multTransB(a, b, c);
    }
  }

  private static void run(MatMulBackend backend, ProductsTest.Op op, DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
    switch (op) {
      case MULT -> backend.mult(a, b, c);
      case TRANS_A -> backend.multTransA(a, b, c);
      case TRANS_B -> backend.multTransB(a, b, c);
    }
  }
}
