package dev.nnet.runtime.blas;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Float32 matrix products on the Java Vector API (the machine's widest vectors), register-blocked: a tile of
 * {@value #MR} rows by {@value #NV} vectors of {@code c} stays in registers while the shared dimension is swept.
 * Loaded only when the JVM runs with {@code --add-modules jdk.incubator.vector} (see {@link VectorBackend}).
 *
 * <p>Every element of {@code c} is computed by the same sequence of operations whichever tile, edge loop or thread
 * computes it, so results do not depend on the thread count:
 *
 * <ul>
 *   <li>{@link #ab}: {@code c[i][j] = fma(a[i][k-1], b[k-1][j], ... fma(a[i][0], b[0][j], 0))}, the shared index
 *       ascending;
 *   <li>{@link #abT}: with {@code L} lanes and {@code kv = k - k % L}, lane {@code l} accumulates the fma chain over
 *       {@code p = l, l + L, ... < kv}; the lanes are added left to right; then the fma chain continues over
 *       {@code p = kv, ..., k - 1}.
 * </ul>
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

  /**
   * Rows {@code [i0, i1)} of {@code c = a · bᵀ}, where {@code a} is {@code m × k}, {@code b} is {@code n × k} and
   * {@code c} is {@code m × n}, all row-major: each element is a dot product of two contiguous rows. Overwrites
   * those rows of {@code c}.
   */
  static void abT(float[] a, float[] b, float[] c, int n, int k, int i0, int i1) {
    int kv = k - k % L;
    int j = 0;
    for (; j + 4 <= n; j += 4) {
      int i = i0;
      for (; i + 3 <= i1; i += 3) {
        dot3x4(a, b, c, n, k, kv, i, j);
      }
      for (; i < i1; i++) {
        for (int jj = j; jj < j + 4; jj++) {
          c[i * n + jj] = dot(a, i * k, b, jj * k, k, kv);
        }
      }
    }
    for (; j < n; j++) {
      for (int i = i0; i < i1; i++) {
        c[i * n + j] = dot(a, i * k, b, j * k, k, kv);
      }
    }
  }

  private static void dot3x4(float[] a, float[] b, float[] c, int n, int k, int kv, int i, int j) {
    FloatVector c00 = FloatVector.zero(S), c01 = c00, c02 = c00, c03 = c00;
    FloatVector c10 = c00, c11 = c00, c12 = c00, c13 = c00;
    FloatVector c20 = c00, c21 = c00, c22 = c00, c23 = c00;
    int a0 = i * k, a1 = a0 + k, a2 = a1 + k;
    int b0 = j * k, b1 = b0 + k, b2 = b1 + k, b3 = b2 + k;
    for (int p = 0; p < kv; p += L) {
      FloatVector x0 = FloatVector.fromArray(S, a, a0 + p);
      FloatVector x1 = FloatVector.fromArray(S, a, a1 + p);
      FloatVector x2 = FloatVector.fromArray(S, a, a2 + p);
      FloatVector y = FloatVector.fromArray(S, b, b0 + p);
      c00 = x0.fma(y, c00);
      c10 = x1.fma(y, c10);
      c20 = x2.fma(y, c20);
      y = FloatVector.fromArray(S, b, b1 + p);
      c01 = x0.fma(y, c01);
      c11 = x1.fma(y, c11);
      c21 = x2.fma(y, c21);
      y = FloatVector.fromArray(S, b, b2 + p);
      c02 = x0.fma(y, c02);
      c12 = x1.fma(y, c12);
      c22 = x2.fma(y, c22);
      y = FloatVector.fromArray(S, b, b3 + p);
      c03 = x0.fma(y, c03);
      c13 = x1.fma(y, c13);
      c23 = x2.fma(y, c23);
    }
    int o = i * n + j;
    c[o] = finish(c00, a, a0, b, b0, k, kv);
    c[o + 1] = finish(c01, a, a0, b, b1, k, kv);
    c[o + 2] = finish(c02, a, a0, b, b2, k, kv);
    c[o + 3] = finish(c03, a, a0, b, b3, k, kv);
    o += n;
    c[o] = finish(c10, a, a1, b, b0, k, kv);
    c[o + 1] = finish(c11, a, a1, b, b1, k, kv);
    c[o + 2] = finish(c12, a, a1, b, b2, k, kv);
    c[o + 3] = finish(c13, a, a1, b, b3, k, kv);
    o += n;
    c[o] = finish(c20, a, a2, b, b0, k, kv);
    c[o + 1] = finish(c21, a, a2, b, b1, k, kv);
    c[o + 2] = finish(c22, a, a2, b, b2, k, kv);
    c[o + 3] = finish(c23, a, a2, b, b3, k, kv);
  }

  /** One element of {@code a · bᵀ}: the dot product of {@code a[ao ..]} and {@code b[bo ..]}, in the fixed order. */
  private static float dot(float[] a, int ao, float[] b, int bo, int k, int kv) {
    FloatVector acc = FloatVector.zero(S);
    for (int p = 0; p < kv; p += L) {
      acc = FloatVector.fromArray(S, a, ao + p).fma(FloatVector.fromArray(S, b, bo + p), acc);
    }
    return finish(acc, a, ao, b, bo, k, kv);
  }

  /**
   * Adds the lanes of {@code acc} left to right (not {@code reduceLanes}, whose order is unspecified and may differ
   * between interpreted and compiled code), then continues with the scalar tail {@code p = kv, ..., k - 1}.
   */
  private static float finish(FloatVector acc, float[] a, int ao, float[] b, int bo, int k, int kv) {
    float s = acc.lane(0);
    for (int l = 1; l < L; l++) {
      s += acc.lane(l);
    }
    for (int p = kv; p < k; p++) {
      s = Math.fma(a[ao + p], b[bo + p], s);
    }
    return s;
  }
}
