package dev.nnet.runtime.blas;

import org.ejml.MatrixDimensionException;
import org.ejml.data.DMatrixRMaj;
import org.ejml.data.FMatrixRMaj;

/**
 * The dimension checks every backend runs before a product, so that a wrong shape fails the same way, with the
 * same message, whichever backend is in use, and before anything is written.
 */
final class Shapes {
  private Shapes() {}

  /** Checks {@code c = op(a) · op(b)} in float32, {@code op} transposing where the flag is set. */
  static void check(String op, FMatrixRMaj a, boolean transA, FMatrixRMaj b, boolean transB, FMatrixRMaj c) {
    check(op, a, a.numRows, a.numCols, a.data.length, transA, b, b.numRows, b.numCols, b.data.length, transB,
        c, c.numRows, c.numCols, c.data.length);
  }

  /** Checks {@code c = op(a) · op(b)} in float64. */
  static void check(String op, DMatrixRMaj a, boolean transA, DMatrixRMaj b, boolean transB, DMatrixRMaj c) {
    check(op, a, a.numRows, a.numCols, a.data.length, transA, b, b.numRows, b.numCols, b.data.length, transB,
        c, c.numRows, c.numCols, c.data.length);
  }

  /**
   * Checks {@code c = op(a) · op(b)} where {@code op} transposes when the flag is set; dimensions are the matrices'
   * {@code numRows × numCols}, and each {@code length} is its data array's length (which may be longer).
   *
   * @throws MatrixDimensionException if the shared dimensions differ, {@code c} has the wrong shape, a data array
   *     is too short, or {@code c} is {@code a} or {@code b}
   */
  private static void check(
      String op,
      Object a, int aRows, int aCols, int aLength, boolean transA,
      Object b, int bRows, int bCols, int bLength, boolean transB,
      Object c, int cRows, int cCols, int cLength) {
    int m = transA ? aCols : aRows;
    int ka = transA ? aRows : aCols;
    int kb = transB ? bCols : bRows;
    int n = transB ? bRows : bCols;
    if (ka != kb) {
      throw new MatrixDimensionException(String.format(
          "%s: a is %d×%d and b is %d×%d: the shared dimension differs (%d vs %d)",
          op, aRows, aCols, bRows, bCols, ka, kb));
    }
    if (cRows != m || cCols != n) {
      throw new MatrixDimensionException(String.format(
          "%s: c is %d×%d but the product is %d×%d; reshape c before the call", op, cRows, cCols, m, n));
    }
    if (c == a || c == b) {
      throw new IllegalArgumentException(op + ": c must not be the same matrix as a or b");
    }
    checkLength(op, "a", aRows, aCols, aLength);
    checkLength(op, "b", bRows, bCols, bLength);
    checkLength(op, "c", cRows, cCols, cLength);
  }

  private static void checkLength(String op, String which, int rows, int cols, int length) {
    if ((long) rows * cols > length) {
      throw new MatrixDimensionException(String.format(
          "%s: %s is %d×%d but its data array holds only %d values", op, which, rows, cols, length));
    }
  }
}
