package dev.nnet.runtime.blas;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Float32 matrix products on the Java Vector API (the machine's widest vectors), register-blocked: a tile of
 * {@value #MR} rows by {@value #NV} vectors of {@code c} stays in registers while the shared dimension is swept.
 * Loaded only when the JVM runs with {@code --add-modules jdk.incubator.vector} (see {@link VectorBackend}).
 *
 * <p>Every element of {@code c} is computed by the same sequence of operations whichever tile, edge loop or thread
 * computes it, {@code c[i][j] = fma(a[i][k-1], b[k-1][j], ... fma(a[i][0], b[0][j], 0))} with the shared index
 * ascending, so results do not depend on the thread count. ({@code a · bᵀ} transposes {@code b} first: dot-product
 * kernels would need a horizontal sum per element, slow for the short rows of a small layer.)
 */
final class FloatKernels {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int L = S.length();
  /** Rows of a tile: 3 rows × 4 vectors = 12 accumulators, plus 4 operands, fills AVX2's 16 registers. */
  private static final int MR = 3;
  /** Vectors per tile row. */
  private static final int NV = 4;
  private static final int NR = NV * L;

  private FloatKernels() {}

  /** Lanes per vector: 8 on AVX2, 16 on AVX-512. */
  static int lanes() {
    return L;
  }

  /**
   * Rows {@code [i0, i1)} of {@code c = op(a) · b}, where {@code op(a)[i][p] = a[i * ars + p * acs]} (so
   * {@code ars = k, acs = 1} is {@code a}, and {@code ars = 1, acs = m} is {@code aᵀ} of a {@code k × m} matrix),
   * {@code b} is {@code k × n} and {@code c} is {@code m × n}, both row-major. Overwrites those rows of {@code c}.
   */
  static void ab(float[] a, int ars, int acs, float[] b, float[] c, int n, int k, int i0, int i1) {
    int j = 0;
    for (; j + NR <= n; j += NR) {
      int i = i0;
      for (; i + MR <= i1; i += MR) {
        ab3x4(a, ars, acs, b, c, n, k, i, j);
      }
      for (; i < i1; i++) {
        ab1x4(a, ars, acs, b, c, n, k, i, j);
      }
    }
    for (; j + L <= n; j += L) {
      for (int i = i0; i < i1; i++) {
        ab1x1(a, ars, acs, b, c, n, k, i, j);
      }
    }
    for (; j < n; j++) {
      for (int i = i0; i < i1; i++) {
        float s = 0f;
        for (int p = 0, ap = i * ars, bp = j; p < k; p++, ap += acs, bp += n) {
          s = Math.fma(a[ap], b[bp], s);
        }
        c[i * n + j] = s;
      }
    }
  }

  private static void ab3x4(float[] a, int ars, int acs, float[] b, float[] c, int n, int k, int i, int j) {
    FloatVector c00 = FloatVector.zero(S), c01 = c00, c02 = c00, c03 = c00;
    FloatVector c10 = c00, c11 = c00, c12 = c00, c13 = c00;
    FloatVector c20 = c00, c21 = c00, c22 = c00, c23 = c00;
    int ap = i * ars;
    for (int p = 0, bp = j; p < k; p++, ap += acs, bp += n) {
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
    int o = i * n + j;
    c00.intoArray(c, o);
    c01.intoArray(c, o + L);
    c02.intoArray(c, o + 2 * L);
    c03.intoArray(c, o + 3 * L);
    o += n;
    c10.intoArray(c, o);
    c11.intoArray(c, o + L);
    c12.intoArray(c, o + 2 * L);
    c13.intoArray(c, o + 3 * L);
    o += n;
    c20.intoArray(c, o);
    c21.intoArray(c, o + L);
    c22.intoArray(c, o + 2 * L);
    c23.intoArray(c, o + 3 * L);
  }

  private static void ab1x4(float[] a, int ars, int acs, float[] b, float[] c, int n, int k, int i, int j) {
    FloatVector c0 = FloatVector.zero(S), c1 = c0, c2 = c0, c3 = c0;
    for (int p = 0, ap = i * ars, bp = j; p < k; p++, ap += acs, bp += n) {
      FloatVector x = FloatVector.broadcast(S, a[ap]);
      c0 = FloatVector.fromArray(S, b, bp).fma(x, c0);
      c1 = FloatVector.fromArray(S, b, bp + L).fma(x, c1);
      c2 = FloatVector.fromArray(S, b, bp + 2 * L).fma(x, c2);
      c3 = FloatVector.fromArray(S, b, bp + 3 * L).fma(x, c3);
    }
    int o = i * n + j;
    c0.intoArray(c, o);
    c1.intoArray(c, o + L);
    c2.intoArray(c, o + 2 * L);
    c3.intoArray(c, o + 3 * L);
  }

  private static void ab1x1(float[] a, int ars, int acs, float[] b, float[] c, int n, int k, int i, int j) {
    FloatVector c0 = FloatVector.zero(S);
    for (int p = 0, ap = i * ars, bp = j; p < k; p++, ap += acs, bp += n) {
      c0 = FloatVector.fromArray(S, b, bp).fma(FloatVector.broadcast(S, a[ap]), c0);
    }
    c0.intoArray(c, i * n + j);
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
