package dev.nnet.runtime.blas;

import java.util.Arrays;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Float64 matrix products on the Java Vector API (the machine's widest vectors), register-blocked: a tile of
 * {@value #MR} rows by 4 (or 2) vectors of {@code c} stays in registers while the shared dimension is swept.
 * Loaded only when the JVM runs with {@code --add-modules jdk.incubator.vector} (see {@link VectorBackend}).
 *
 * <p>Columns of {@code c} past the last full panel of 4 vectors are computed from a copy of those columns of
 * {@code b} padded with zeros to whole vectors ({@link #packTail}), so no scalar loop is needed for a narrow layer
 * (10 outputs); the padding lanes are computed and dropped.
 *
 * <p>Every element of {@code c} is computed by the same sequence of operations whichever tile, panel or thread
 * computes it, {@code c[i][j] = fma(a[i][k-1], b[k-1][j], ... fma(a[i][0], b[0][j], 0))} with the shared index
 * ascending, so results do not depend on the thread count. ({@code a · bᵀ} transposes {@code b} first: dot-product
 * kernels would need a horizontal sum per element, slow for the short rows of a small layer.)
 */
final class DoubleKernels {
  private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
  private static final int L = S.length();
  /** Rows of a tile: 3 rows × 4 vectors = 12 accumulators, plus 4 operands, fills AVX2's 16 registers. */
  private static final int MR = 3;
  /** Columns of a full panel: 4 vectors. */
  private static final int NR = 4 * L;

  /** Values of {@code a} per block of rows: 128 KiB of doubles. */
  private static final int A_BLOCK_VALUES = 16 * 1024;

  /** Where a tail tile lands before its real columns are copied to {@code c}; one per thread. */
  private static final ThreadLocal<double[]> TILE = ThreadLocal.withInitial(() -> new double[MR * NR]);

  private DoubleKernels() {}

  /** Lanes per vector: 4 on AVX2, 8 on AVX-512. */
  static int lanes() {
    return L;
  }

  /** Values {@link #packTail} writes for a {@code k × n} matrix: 0 when its columns fill whole panels. */
  static int tailSize(int n, int k) {
    return n % NR == 0 ? 0 : k * tailWidth(n);
  }

  /** The padded width of the tail panel: 2 vectors when the tail fits, else 4. */
  private static int tailWidth(int n) {
    return n % NR <= 2 * L ? 2 * L : NR;
  }

  /**
   * Copies the columns of {@code b} ({@code k × n}, row-major) past its last full panel into {@code dst}, as a
   * {@code k × tailWidth} row-major panel padded with zeros. Run once per product, before {@link #ab}.
   */
  static void packTail(double[] b, int n, int k, double[] dst) {
    if (n % NR == 0) {
      return;
    }
    int j0 = n - n % NR;
    int w = n - j0;
    int width = tailWidth(n);
    for (int p = 0; p < k; p++) {
      System.arraycopy(b, p * n + j0, dst, p * width, w);
      Arrays.fill(dst, p * width + w, (p + 1) * width, 0.0);
    }
  }

  /**
   * Rows {@code [i0, i1)} of {@code c = op(a) · b}, where {@code op(a)[i][p] = a[i * ars + p * acs]} (so
   * {@code ars = k, acs = 1} is {@code a}, and {@code ars = 1, acs = m} is {@code aᵀ} of a {@code k × m} matrix),
   * {@code b} is {@code k × n} and {@code c} is {@code m × n}, both row-major, and {@code tail} is what
   * {@link #packTail} made of {@code b}. Overwrites those rows of {@code c}.
   */
  static void ab(double[] a, int ars, int acs, double[] b, double[] tail, double[] c, int n, int k, int i0, int i1) {
    ab(a, ars, acs, b, tail, c, n, 0, k, i0, i1);
  }

  /**
   * Rows {@code [i0, i1)} of the part of {@code op(a) · b} that the shared indices {@code [p0, p1)} make: as the
   * other {@code ab} with {@code a}'s columns and {@code b}'s rows {@code p0} to {@code p1 - 1}, each element
   * the same chain of multiply-adds in ascending {@code p}.
   */
  static void ab(double[] a, int ars, int acs, double[] b, double[] tail, double[] c, int n, int p0, int p1, int i0,
      int i1) {
    int k = p1 - p0;
    // Rows in blocks whose part of a fits in half of a 512 KiB L2 beside a panel of b: each panel then sweeps the
    // block from L2, and b is read from further out once per block, not once per tile.
    int block = Math.max(MR, A_BLOCK_VALUES / Math.max(1, k) / MR * MR);
    for (int ib = i0; ib < i1; ib += block) {
      rows(a, p0 * acs, ars, acs, b, tail, c, n, p0, k, ib, Math.min(i1, ib + block));
    }
  }

  /** {@code a0}: where the first shared index starts in {@code a}; {@code p0}: the first row of {@code b}. */
  private static void rows(double[] a, int a0, int ars, int acs, double[] b, double[] tail, double[] c, int n, int p0,
      int k, int i0, int i1) {
    int j = 0;
    for (; j + NR <= n; j += NR) {
      int i = i0;
      for (; i + MR <= i1; i += MR) {
        tile3x4(a, a0 + i * ars, ars, acs, b, p0 * n + j, n, c, i * n + j, n, k);
      }
      for (; i < i1; i++) {
        tile1x4(a, a0 + i * ars, acs, b, p0 * n + j, n, c, i * n + j, k);
      }
    }
    if (j == n) {
      return;
    }
    int w = n - j;
    int width = tailWidth(n);
    double[] tile = TILE.get();
    for (int i = i0; i < i1; i += MR) {
      int rows = Math.min(MR, i1 - i);
      if (rows == MR && width == NR) {
        tile3x4(a, a0 + i * ars, ars, acs, tail, p0 * width, width, tile, 0, width, k);
      } else if (rows == MR) {
        tile3x2(a, a0 + i * ars, ars, acs, tail, p0 * width, width, tile, k);
      } else {
        for (int r = 0; r < rows; r++) {
          if (width == NR) {
            tile1x4(a, a0 + (i + r) * ars, acs, tail, p0 * width, width, tile, r * width, k);
          } else {
            tile1x2(a, a0 + (i + r) * ars, acs, tail, p0 * width, tile, r * width, k);
          }
        }
      }
      for (int r = 0; r < rows; r++) {
        System.arraycopy(tile, r * width, c, (i + r) * n + j, w);
      }
    }
  }

  /** Rows {@code a[ao], a[ao + ars], a[ao + 2·ars]} times the 4-vector panel of {@code b} at {@code bo}. */
  private static void tile3x4(
      double[] a, int ao, int ars, int acs, double[] b, int bo, int ldb, double[] c, int co, int ldc, int k) {
    DoubleVector c00 = DoubleVector.zero(S), c01 = c00, c02 = c00, c03 = c00;
    DoubleVector c10 = c00, c11 = c00, c12 = c00, c13 = c00;
    DoubleVector c20 = c00, c21 = c00, c22 = c00, c23 = c00;
    for (int p = 0, ap = ao, bp = bo; p < k; p++, ap += acs, bp += ldb) {
      DoubleVector b0 = DoubleVector.fromArray(S, b, bp);
      DoubleVector b1 = DoubleVector.fromArray(S, b, bp + L);
      DoubleVector b2 = DoubleVector.fromArray(S, b, bp + 2 * L);
      DoubleVector b3 = DoubleVector.fromArray(S, b, bp + 3 * L);
      DoubleVector x = DoubleVector.broadcast(S, a[ap]);
      c00 = b0.fma(x, c00);
      c01 = b1.fma(x, c01);
      c02 = b2.fma(x, c02);
      c03 = b3.fma(x, c03);
      x = DoubleVector.broadcast(S, a[ap + ars]);
      c10 = b0.fma(x, c10);
      c11 = b1.fma(x, c11);
      c12 = b2.fma(x, c12);
      c13 = b3.fma(x, c13);
      x = DoubleVector.broadcast(S, a[ap + 2 * ars]);
      c20 = b0.fma(x, c20);
      c21 = b1.fma(x, c21);
      c22 = b2.fma(x, c22);
      c23 = b3.fma(x, c23);
    }
    c00.intoArray(c, co);
    c01.intoArray(c, co + L);
    c02.intoArray(c, co + 2 * L);
    c03.intoArray(c, co + 3 * L);
    co += ldc;
    c10.intoArray(c, co);
    c11.intoArray(c, co + L);
    c12.intoArray(c, co + 2 * L);
    c13.intoArray(c, co + 3 * L);
    co += ldc;
    c20.intoArray(c, co);
    c21.intoArray(c, co + L);
    c22.intoArray(c, co + 2 * L);
    c23.intoArray(c, co + 3 * L);
  }

  /** Row {@code a[ao]} times the 4-vector panel of {@code b} at {@code bo}. */
  private static void tile1x4(double[] a, int ao, int acs, double[] b, int bo, int ldb, double[] c, int co, int k) {
    DoubleVector c0 = DoubleVector.zero(S), c1 = c0, c2 = c0, c3 = c0;
    for (int p = 0, ap = ao, bp = bo; p < k; p++, ap += acs, bp += ldb) {
      DoubleVector x = DoubleVector.broadcast(S, a[ap]);
      c0 = DoubleVector.fromArray(S, b, bp).fma(x, c0);
      c1 = DoubleVector.fromArray(S, b, bp + L).fma(x, c1);
      c2 = DoubleVector.fromArray(S, b, bp + 2 * L).fma(x, c2);
      c3 = DoubleVector.fromArray(S, b, bp + 3 * L).fma(x, c3);
    }
    c0.intoArray(c, co);
    c1.intoArray(c, co + L);
    c2.intoArray(c, co + 2 * L);
    c3.intoArray(c, co + 3 * L);
  }

  /** Three rows of {@code a} times a 2-vector tail panel ({@code ldb = 2L}), into a tile of the same width. */
  private static void tile3x2(
      double[] a, int ao, int ars, int acs, double[] b, int bo, int ldb, double[] c, int k) {
    DoubleVector c00 = DoubleVector.zero(S), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00;
    for (int p = 0, ap = ao, bp = bo; p < k; p++, ap += acs, bp += ldb) {
      DoubleVector b0 = DoubleVector.fromArray(S, b, bp);
      DoubleVector b1 = DoubleVector.fromArray(S, b, bp + L);
      DoubleVector x = DoubleVector.broadcast(S, a[ap]);
      c00 = b0.fma(x, c00);
      c01 = b1.fma(x, c01);
      x = DoubleVector.broadcast(S, a[ap + ars]);
      c10 = b0.fma(x, c10);
      c11 = b1.fma(x, c11);
      x = DoubleVector.broadcast(S, a[ap + 2 * ars]);
      c20 = b0.fma(x, c20);
      c21 = b1.fma(x, c21);
    }
    c00.intoArray(c, 0);
    c01.intoArray(c, L);
    c10.intoArray(c, ldb);
    c11.intoArray(c, ldb + L);
    c20.intoArray(c, 2 * ldb);
    c21.intoArray(c, 2 * ldb + L);
  }

  /** Row {@code a[ao]} times a 2-vector tail panel, into the tile at {@code co}. */
  private static void tile1x2(double[] a, int ao, int acs, double[] b, int bo, double[] c, int co, int k) {
    DoubleVector c0 = DoubleVector.zero(S), c1 = c0;
    for (int p = 0, ap = ao, bp = bo; p < k; p++, ap += acs, bp += 2 * L) {
      DoubleVector x = DoubleVector.broadcast(S, a[ap]);
      c0 = DoubleVector.fromArray(S, b, bp).fma(x, c0);
      c1 = DoubleVector.fromArray(S, b, bp + L).fma(x, c1);
    }
    c0.intoArray(c, co);
    c1.intoArray(c, co + L);
  }

  /** Transpose-copies {@code src} ({@code rows × cols}, row-major) into {@code dst} ({@code cols × rows}). */
  static void transpose(double[] src, int rows, int cols, double[] dst) {
    // 16 × 16 blocks keep both the rows read and the rows written in cache.
    for (int i0 = 0; i0 < rows; i0 += 16) {
      int i1 = Math.min(rows, i0 + 16);
      for (int j0 = 0; j0 < cols; j0 += 16) {
        int j1 = Math.min(cols, j0 + 16);
        for (int i = i0; i < i1; i++) {
          for (int j = j0; j < j1; j++) {
            dst[j * rows + i] = src[i * cols + j];
          }
        }
      }
    }
  }
}
