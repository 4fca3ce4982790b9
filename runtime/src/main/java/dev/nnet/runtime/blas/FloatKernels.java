package dev.nnet.runtime.blas;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Float32 matrix products on the Java Vector API (the machine's widest vectors), register-blocked: a tile of
 * {@value #MR} rows (4 with 512-bit vectors) by 4 (or 2) vectors of {@code c}, or of 8 rows by 1 vector for a tail
 * that fits one, stays in registers while the shared dimension is swept.
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
final class FloatKernels {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int L = S.length();
  /** Rows of a tile: 3 rows × 4 vectors = 12 accumulators, plus 4 operands, fills AVX2's 16 registers. */
  private static final int MR = 3;
  /**
   * Whether full panels go through 4-row tiles ({@link #tile4x4}): with 512-bit vectors, where the machine has 32
   * vector registers. With AVX2's 16 the accumulators would spill.
   */
  private static final boolean WIDE_TILES = L >= 16;

  /** Columns of a full panel: 4 vectors. */
  private static final int NR = 4 * L;

  /** Values of {@code a} per block of rows: 128 KiB of floats. */
  private static final int A_BLOCK_VALUES = 32 * 1024;

  /** Where a tail tile lands before its real columns are copied to {@code c}; one per thread. */
  private static final ThreadLocal<float[]> TILE = ThreadLocal.withInitial(() -> new float[MR * NR]);

  private FloatKernels() {}

  /** Lanes per vector: 8 on AVX2, 16 on AVX-512. */
  static int lanes() {
    return L;
  }

  /** Whether {@code n} columns fill whole panels of 4 vectors (no tail to pack). */
  static boolean wholePanels(int n) {
    return n % NR == 0;
  }

  /** Values {@link #packTail} writes for a {@code k × n} matrix: 0 when its columns fill whole panels. */
  static int tailSize(int n, int k) {
    return n % NR == 0 ? 0 : k * tailWidth(n);
  }

  /** The padded width of the tail panel: the fewest vectors of 1, 2 or 4 that hold the tail. */
  private static int tailWidth(int n) {
    int tail = n % NR;
    return tail <= L ? L : tail <= 2 * L ? 2 * L : NR;
  }

  /**
   * Copies the columns of {@code b} ({@code k × n}, row-major) past its last full panel into {@code dst}, as a
   * {@code k × tailWidth} row-major panel padded with zeros. Run once per product, before {@link #ab}.
   */
  static void packTail(float[] b, int n, int k, float[] dst) {
    if (n % NR == 0) {
      return;
    }
    int j0 = n - n % NR;
    int w = n - j0;
    int width = tailWidth(n);
    for (int p = 0; p < k; p++) {
      System.arraycopy(b, p * n + j0, dst, p * width, w);
      Arrays.fill(dst, p * width + w, (p + 1) * width, 0f);
    }
  }

  /**
   * Rows {@code [i0, i1)} of {@code c = op(a) · b}, where {@code op(a)[i][p] = a[i * ars + p * acs]} (so
   * {@code ars = k, acs = 1} is {@code a}, and {@code ars = 1, acs = m} is {@code aᵀ} of a {@code k × m} matrix),
   * {@code b} is {@code k × n} and {@code c} is {@code m × n}, both row-major, and {@code tail} is what
   * {@link #packTail} made of {@code b}. Overwrites those rows of {@code c}.
   */
  static void ab(float[] a, int ars, int acs, float[] b, float[] tail, float[] c, int n, int k, int i0, int i1) {
    ab(a, ars, acs, b, tail, c, n, 0, k, i0, i1);
  }

  /**
   * Rows {@code [i0, i1)} of the part of {@code op(a) · b} that the shared indices {@code [p0, p1)} make: as the
   * other {@code ab} with {@code a}'s columns and {@code b}'s rows {@code p0} to {@code p1 - 1}, each element
   * the same chain of multiply-adds in ascending {@code p}.
   */
  static void ab(float[] a, int ars, int acs, float[] b, float[] tail, float[] c, int n, int p0, int p1, int i0,
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
  private static void rows(float[] a, int a0, int ars, int acs, float[] b, float[] tail, float[] c, int n, int p0,
      int k, int i0, int i1) {
    int j = 0;
    for (; j + NR <= n; j += NR) {
      int i = i0;
      if (WIDE_TILES) {
        for (; i + 4 <= i1; i += 4) {
          tile4x4(a, a0 + i * ars, ars, acs, b, p0 * n + j, n, c, i * n + j, n, k);
        }
      }
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
    float[] tile = TILE.get();
    if (width == L) {
      // A tail of one vector (a 10-class output layer): 8 rows a tile, 8 independent chains of FMAs.
      for (int i = i0; i < i1; i += 8) {
        int rows = Math.min(8, i1 - i);
        if (rows == 8) {
          tile8x1(a, a0 + i * ars, ars, acs, tail, p0 * L, tile, k);
        } else {
          for (int r = 0; r < rows; r++) {
            tile1x1(a, a0 + (i + r) * ars, acs, tail, p0 * L, tile, r * L, k);
          }
        }
        for (int r = 0; r < rows; r++) {
          System.arraycopy(tile, r * L, c, (i + r) * n + j, w);
        }
      }
      return;
    }
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
      float[] a, int ao, int ars, int acs, float[] b, int bo, int ldb, float[] c, int co, int ldc, int k) {
    FloatVector c00 = FloatVector.zero(S), c01 = c00, c02 = c00, c03 = c00;
    FloatVector c10 = c00, c11 = c00, c12 = c00, c13 = c00;
    FloatVector c20 = c00, c21 = c00, c22 = c00, c23 = c00;
    for (int p = 0, ap = ao, bp = bo; p < k; p++, ap += acs, bp += ldb) {
      FloatVector b0 = FloatVector.fromArray(S, b, bp);
      FloatVector b1 = FloatVector.fromArray(S, b, bp + L);
      FloatVector b2 = FloatVector.fromArray(S, b, bp + 2 * L);
      FloatVector b3 = FloatVector.fromArray(S, b, bp + 3 * L);
      FloatVector x = FloatVector.broadcast(S, a[ap]);
      c00 = b0.fma(x, c00);
      c01 = b1.fma(x, c01);
      c02 = b2.fma(x, c02);
      c03 = b3.fma(x, c03);
      x = FloatVector.broadcast(S, a[ap + ars]);
      c10 = b0.fma(x, c10);
      c11 = b1.fma(x, c11);
      c12 = b2.fma(x, c12);
      c13 = b3.fma(x, c13);
      x = FloatVector.broadcast(S, a[ap + 2 * ars]);
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

  /**
   * Rows {@code a[ao]} to {@code a[ao + 3·ars]} times the 4-vector panel of {@code b} at {@code bo}: 16 accumulators,
   * 4 operands and a broadcast, for AVX-512's 32 registers. Each vector of the panel read from cache serves four rows
   * instead of three, and the panel of a layer's weights (784 × 64 floats, 200 KB) is read from L2 a quarter less
   * often: X·W1 of the Fashion-MNIST MLP at batch 32 took 67 µs against 87 with 3-row tiles, and 6-row tiles
   * (24 accumulators) made C2 spill, at 277 µs (benchmarks/RESULTS.md). The stores are written out, as in the other
   * tiles: through a helper method, a vector becomes a heap object whenever C2 does not inline the helper (X·W1 at
   * batch 128 then took 820 µs in some runs, 270 in others).
   */
  private static void tile4x4(
      float[] a, int ao, int ars, int acs, float[] b, int bo, int ldb, float[] c, int co, int ldc, int k) {
    FloatVector c00 = FloatVector.zero(S), c01 = c00, c02 = c00, c03 = c00;
    FloatVector c10 = c00, c11 = c00, c12 = c00, c13 = c00;
    FloatVector c20 = c00, c21 = c00, c22 = c00, c23 = c00;
    FloatVector c30 = c00, c31 = c00, c32 = c00, c33 = c00;
    for (int p = 0, ap = ao, bp = bo; p < k; p++, ap += acs, bp += ldb) {
      FloatVector b0 = FloatVector.fromArray(S, b, bp);
      FloatVector b1 = FloatVector.fromArray(S, b, bp + L);
      FloatVector b2 = FloatVector.fromArray(S, b, bp + 2 * L);
      FloatVector b3 = FloatVector.fromArray(S, b, bp + 3 * L);
      FloatVector x = FloatVector.broadcast(S, a[ap]);
      c00 = b0.fma(x, c00);
      c01 = b1.fma(x, c01);
      c02 = b2.fma(x, c02);
      c03 = b3.fma(x, c03);
      x = FloatVector.broadcast(S, a[ap + ars]);
      c10 = b0.fma(x, c10);
      c11 = b1.fma(x, c11);
      c12 = b2.fma(x, c12);
      c13 = b3.fma(x, c13);
      x = FloatVector.broadcast(S, a[ap + 2 * ars]);
      c20 = b0.fma(x, c20);
      c21 = b1.fma(x, c21);
      c22 = b2.fma(x, c22);
      c23 = b3.fma(x, c23);
      x = FloatVector.broadcast(S, a[ap + 3 * ars]);
      c30 = b0.fma(x, c30);
      c31 = b1.fma(x, c31);
      c32 = b2.fma(x, c32);
      c33 = b3.fma(x, c33);
    }
    c00.intoArray(c, co);
    c01.intoArray(c, co + L);
    c02.intoArray(c, co + 2 * L);
    c03.intoArray(c, co + 3 * L);
    c10.intoArray(c, co + ldc);
    c11.intoArray(c, co + ldc + L);
    c12.intoArray(c, co + ldc + 2 * L);
    c13.intoArray(c, co + ldc + 3 * L);
    c20.intoArray(c, co + 2 * ldc);
    c21.intoArray(c, co + 2 * ldc + L);
    c22.intoArray(c, co + 2 * ldc + 2 * L);
    c23.intoArray(c, co + 2 * ldc + 3 * L);
    c30.intoArray(c, co + 3 * ldc);
    c31.intoArray(c, co + 3 * ldc + L);
    c32.intoArray(c, co + 3 * ldc + 2 * L);
    c33.intoArray(c, co + 3 * ldc + 3 * L);
  }

  /** Row {@code a[ao]} times the 4-vector panel of {@code b} at {@code bo}. */
  private static void tile1x4(float[] a, int ao, int acs, float[] b, int bo, int ldb, float[] c, int co, int k) {
    FloatVector c0 = FloatVector.zero(S), c1 = c0, c2 = c0, c3 = c0;
    for (int p = 0, ap = ao, bp = bo; p < k; p++, ap += acs, bp += ldb) {
      FloatVector x = FloatVector.broadcast(S, a[ap]);
      c0 = FloatVector.fromArray(S, b, bp).fma(x, c0);
      c1 = FloatVector.fromArray(S, b, bp + L).fma(x, c1);
      c2 = FloatVector.fromArray(S, b, bp + 2 * L).fma(x, c2);
      c3 = FloatVector.fromArray(S, b, bp + 3 * L).fma(x, c3);
    }
    c0.intoArray(c, co);
    c1.intoArray(c, co + L);
    c2.intoArray(c, co + 2 * L);
    c3.intoArray(c, co + 3 * L);
  }

  /** Three rows of {@code a} times a 2-vector tail panel ({@code ldb = 2L}), into a tile of the same width. */
  private static void tile3x2(
      float[] a, int ao, int ars, int acs, float[] b, int bo, int ldb, float[] c, int k) {
    FloatVector c00 = FloatVector.zero(S), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00;
    for (int p = 0, ap = ao, bp = bo; p < k; p++, ap += acs, bp += ldb) {
      FloatVector b0 = FloatVector.fromArray(S, b, bp);
      FloatVector b1 = FloatVector.fromArray(S, b, bp + L);
      FloatVector x = FloatVector.broadcast(S, a[ap]);
      c00 = b0.fma(x, c00);
      c01 = b1.fma(x, c01);
      x = FloatVector.broadcast(S, a[ap + ars]);
      c10 = b0.fma(x, c10);
      c11 = b1.fma(x, c11);
      x = FloatVector.broadcast(S, a[ap + 2 * ars]);
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
  private static void tile1x2(float[] a, int ao, int acs, float[] b, int bo, float[] c, int co, int k) {
    FloatVector c0 = FloatVector.zero(S), c1 = c0;
    for (int p = 0, ap = ao, bp = bo; p < k; p++, ap += acs, bp += 2 * L) {
      FloatVector x = FloatVector.broadcast(S, a[ap]);
      c0 = FloatVector.fromArray(S, b, bp).fma(x, c0);
      c1 = FloatVector.fromArray(S, b, bp + L).fma(x, c1);
    }
    c0.intoArray(c, co);
    c1.intoArray(c, co + L);
  }

  /** Eight rows of {@code a} times a 1-vector tail panel ({@code ldb = L}), into a tile of the same width. */
  private static void tile8x1(float[] a, int ao, int ars, int acs, float[] b, int bo, float[] c, int k) {
    FloatVector c0 = FloatVector.zero(S), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0, c6 = c0, c7 = c0;
    for (int p = 0, ap = ao, bp = bo; p < k; p++, ap += acs, bp += L) {
      FloatVector b0 = FloatVector.fromArray(S, b, bp);
      c0 = b0.fma(FloatVector.broadcast(S, a[ap]), c0);
      c1 = b0.fma(FloatVector.broadcast(S, a[ap + ars]), c1);
      c2 = b0.fma(FloatVector.broadcast(S, a[ap + 2 * ars]), c2);
      c3 = b0.fma(FloatVector.broadcast(S, a[ap + 3 * ars]), c3);
      c4 = b0.fma(FloatVector.broadcast(S, a[ap + 4 * ars]), c4);
      c5 = b0.fma(FloatVector.broadcast(S, a[ap + 5 * ars]), c5);
      c6 = b0.fma(FloatVector.broadcast(S, a[ap + 6 * ars]), c6);
      c7 = b0.fma(FloatVector.broadcast(S, a[ap + 7 * ars]), c7);
    }
    c0.intoArray(c, 0);
    c1.intoArray(c, L);
    c2.intoArray(c, 2 * L);
    c3.intoArray(c, 3 * L);
    c4.intoArray(c, 4 * L);
    c5.intoArray(c, 5 * L);
    c6.intoArray(c, 6 * L);
    c7.intoArray(c, 7 * L);
  }

  /** Row {@code a[ao]} times a 1-vector tail panel, into the tile at {@code co}. */
  private static void tile1x1(float[] a, int ao, int acs, float[] b, int bo, float[] c, int co, int k) {
    FloatVector c0 = FloatVector.zero(S);
    for (int p = 0, ap = ao, bp = bo; p < k; p++, ap += acs, bp += L) {
      c0 = FloatVector.fromArray(S, b, bp).fma(FloatVector.broadcast(S, a[ap]), c0);
    }
    c0.intoArray(c, co);
  }

  /** Transpose-copies {@code src} ({@code rows × cols}, row-major) into {@code dst} ({@code cols × rows}). */
  static void transpose(float[] src, int rows, int cols, float[] dst) {
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
