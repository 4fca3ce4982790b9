package dev.nnet.runtime.blas;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link RowKernels}' Vector API path: {@code c[0..n) = Σ x[p]·b[p,:]} over {@code p = nz[0..count)} (the nonzero
 * positions of {@code x}, ascending), {@code b} row-major with {@code n} columns. Columns in blocks of 8 vectors held
 * in registers while the rows are swept, then single vectors, then the last fewer-than-a-vector columns.
 *
 * <p><b>Alignment.</b> A large {@code b} (784 × 128 floats, 401 KB) streams from L2, and there a vector load that
 * straddles two cache lines costs almost twice one that does not: the product takes 1.5 µs when {@code b}'s rows
 * start on a line and 2.7 µs when they do not (AVX-512, 50% zeros in {@code x}). The JVM puts an array wherever the
 * heap has room, at any multiple of 8 bytes, so which of the two a run gets is chance. {@link #alignedOffset} finds,
 * by timing, the offset {@code s} at which {@code b}'s vectors are aligned, and the blocked loop then loads each row at
 * {@code s, s + L, ...}: its columns {@code [s, n)} in aligned vectors, the first {@code s} of them (which lie at the
 * end of the previous row's last aligned vector) blended into the vector of its last columns. This "wrap" vector
 * holds columns {@code (n − L + s + l) mod n} in lane {@code l}.
 *
 * <p>Every column is summed by the same operations whatever the offset, {@code c[j] = fma(x[p], b[p][j], ...)} over
 * ascending {@code p} from 0, so the offset changes the speed and never a bit of the result.
 */
final class FloatRowKernels {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int L = S.length();

  /** Column blocks: 8 vectors of accumulators, enough independent FMAs to hide latency. */
  static final int BLOCK = 8 * L;

  /** Rows {@link #alignedOffset} sweeps, {@code BLOCK + L} values apart: 18 KiB on AVX-512, in L1 after a sweep. */
  static final int PROBE_ROWS = 32;

  /** Sweeps of each candidate offset; the fastest counts, so a sweep slowed by another process does not. */
  private static final int PROBE_SWEEPS = 5;

  /** An offset is the aligned one when its time is below this fraction of every other's (measured: 0.6–0.75). */
  private static final double PROBE_MARGIN = 0.85;

  /** {@code HEAD[s]}: lanes {@code L − s .. L − 1}, those of the wrap vector that come from the row's start. */
  @SuppressWarnings("unchecked")
  private static final VectorMask<Float>[] HEAD = new VectorMask[L];

  static {
    for (int s = 0; s < L; s++) {
      boolean[] lanes = new boolean[L];
      Arrays.fill(lanes, L - s, L, true);
      HEAD[s] = VectorMask.fromArray(S, lanes, 0);
    }
  }

  private FloatRowKernels() {}

  /** Lanes per vector: the candidate offsets of {@link #alignedOffset} are {@code 0 .. L − 1}. */
  static int lanes() {
    return L;
  }

  /** Whether {@link #alignedOffset} applies to a {@code k × n} matrix: whole blocks of columns, and big enough. */
  static boolean alignable(int k, int n) {
    return n % BLOCK == 0 && (long) k * n >= 2L * PROBE_ROWS * BLOCK;
  }

  /**
   * The offset {@code s} in {@code [0, L)} such that vectors loaded from {@code b[s + i·L]} do not straddle cache
   * lines, or -1 when no offset is clearly faster than the others (a busy machine, code not yet compiled, a processor
   * on which straddling is cheap). Times {@value #PROBE_SWEEPS} sweeps of the first {@value #PROBE_ROWS} blocks of
   * {@code b} from each offset, by the product's own loop (so the probe runs compiled as soon as the product does):
   * about 10 µs. {@code b} must hold {@code PROBE_ROWS · (BLOCK + L) + L} values; {@code rows} ({@value #PROBE_ROWS}
   * positions), {@code ones} ({@value #PROBE_ROWS} values), {@code out} ({@code BLOCK} values) and {@code best}
   * ({@code L} values) are scratch.
   */
  static int alignedOffset(float[] b, int[] rows, float[] ones, float[] out, long[] best) {
    for (int p = 0; p < PROBE_ROWS; p++) {
      rows[p] = p;
      ones[p] = 1f;
    }
    Arrays.fill(best, 0, L, Long.MAX_VALUE);
    for (int sweep = 0; sweep < PROBE_SWEEPS; sweep++) {
      for (int s = 0; s < L; s++) {
        long t0 = System.nanoTime();
        block(ones, rows, 0, PROBE_ROWS, b, BLOCK + L, s, 0, out); // b as rows of BLOCK + L, from column s
        best[s] = Math.min(best[s], System.nanoTime() - t0);
      }
    }
    int fastest = 0;
    for (int s = 1; s < L; s++) {
      fastest = best[s] < best[fastest] ? s : fastest;
    }
    for (int s = 0; s < L; s++) {
      if (s != fastest && best[fastest] >= PROBE_MARGIN * best[s]) {
        return -1;
      }
    }
    return fastest;
  }

  /**
   * {@code c[0..n) = Σ x[p]·b[p,:]} over {@code p = nz[0..count)}, loading {@code b} from offset {@code s} on (see
   * the class comment; 0 when unknown). {@code s > 0} requires {@code n % BLOCK == 0}. {@code scratch} holds at least
   * {@link #BLOCK} values; its contents are overwritten.
   */
  static void rowTimesMatrix(float[] x, int[] nz, int count, float[] b, float[] c, int n, int s, float[] scratch) {
    int j = s;
    for (; j + BLOCK <= n; j += BLOCK) {
      Arrays.fill(scratch, 0, BLOCK, 0f);
      block(x, nz, 0, count, b, n, j, s, scratch);
      System.arraycopy(scratch, 0, c, j, BLOCK);
    }
    if (s > 0) {
      lastBlock(x, nz, count, b, c, n, s, scratch);
      return;
    }
    for (; j + L <= n; j += L) {
      FloatVector acc = FloatVector.zero(S);
      for (int q = 0; q < count; q++) {
        int p = nz[q];
        acc = FloatVector.fromArray(S, b, p * n + j).fma(FloatVector.broadcast(S, x[p]), acc);
      }
      acc.intoArray(c, j);
    }
    if (j < n) {
      narrowTail(x, nz, count, b, c, n, j, scratch);
    }
  }

  /**
   * {@code acc[0..BLOCK) += x[p] · b[p, first .. first + BLOCK)} for {@code p = nz[from..to)} in turn. When
   * {@code first + BLOCK > n} the block is the last at offset {@code s = first + BLOCK − n} and its last vector is
   * the wrap vector: the row's end blended with the row's first {@code s} values, loaded from where they lie aligned.
   */
  private static void block(float[] x, int[] nz, int from, int to, float[] b, int n, int first, int s, float[] acc) {
    boolean wrap = first + BLOCK > n;
    VectorMask<Float> head = HEAD[s];
    FloatVector c0 = FloatVector.fromArray(S, acc, 0), c1 = FloatVector.fromArray(S, acc, L);
    FloatVector c2 = FloatVector.fromArray(S, acc, 2 * L), c3 = FloatVector.fromArray(S, acc, 3 * L);
    FloatVector c4 = FloatVector.fromArray(S, acc, 4 * L), c5 = FloatVector.fromArray(S, acc, 5 * L);
    FloatVector c6 = FloatVector.fromArray(S, acc, 6 * L), c7 = FloatVector.fromArray(S, acc, 7 * L);
    for (int q = from; q < to; q++) {
      int p = nz[q];
      FloatVector xp = FloatVector.broadcast(S, x[p]);
      int o = p * n + first;
      c0 = FloatVector.fromArray(S, b, o).fma(xp, c0);
      c1 = FloatVector.fromArray(S, b, o + L).fma(xp, c1);
      c2 = FloatVector.fromArray(S, b, o + 2 * L).fma(xp, c2);
      c3 = FloatVector.fromArray(S, b, o + 3 * L).fma(xp, c3);
      c4 = FloatVector.fromArray(S, b, o + 4 * L).fma(xp, c4);
      c5 = FloatVector.fromArray(S, b, o + 5 * L).fma(xp, c5);
      c6 = FloatVector.fromArray(S, b, o + 6 * L).fma(xp, c6);
      FloatVector v7 = FloatVector.fromArray(S, b, o + 7 * L);
      if (wrap) {
        v7 = v7.blend(FloatVector.fromArray(S, b, p * n - L + s), head);
      }
      c7 = v7.fma(xp, c7);
    }
    c0.intoArray(acc, 0);
    c1.intoArray(acc, L);
    c2.intoArray(acc, 2 * L);
    c3.intoArray(acc, 3 * L);
    c4.intoArray(acc, 4 * L);
    c5.intoArray(acc, 5 * L);
    c6.intoArray(acc, 6 * L);
    c7.intoArray(acc, 7 * L);
  }

  /**
   * The last block at offset {@code s > 0}: seven aligned vectors, columns {@code [n − BLOCK + s, n − L + s)}, and the
   * wrap vector. Lane {@code i} of the block is column {@code (n − BLOCK + s + i) mod n}. Row 0's wrap would load
   * before the array, and the last rows' past its end, so those rows are summed in scalar on {@code scratch}, in the
   * block's layout, by the same {@code fma}s: before the vector loop for row 0, after it for the last rows.
   */
  private static void lastBlock(float[] x, int[] nz, int count, float[] b, float[] c, int n, int s, float[] scratch) {
    int first = n - BLOCK + s;
    Arrays.fill(scratch, 0, BLOCK, 0f);
    int q = 0;
    if (count > 0 && nz[0] == 0) {
      scalarRow(x[0], b, 0, n, first, scratch);
      q = 1;
    }
    int end = count;
    while (end > q && (nz[end - 1] + 1) * n + s > b.length) {
      end--;
    }
    block(x, nz, q, end, b, n, first, s, scratch);
    for (q = Math.max(q, end); q < count; q++) {
      scalarRow(x[nz[q]], b, nz[q], n, first, scratch);
    }
    System.arraycopy(scratch, 0, c, first, BLOCK - s);
    System.arraycopy(scratch, BLOCK - s, c, 0, s);
  }

  /** Adds {@code xp · b[p, col(i)]} to {@code acc[i]} for the {@link #lastBlock} layout, one fma per value. */
  private static void scalarRow(float xp, float[] b, int p, int n, int first, float[] acc) {
    int o = p * n;
    for (int i = 0; i < BLOCK; i++) {
      int col = first + i;
      acc[i] = Math.fma(xp, b[o + (col < n ? col : col - n)], acc[i]);
    }
  }

  /**
   * {@code c[0..n) = Σ x[p]·b[p,:]} over {@code p < k} with {@code x[p] ≠ 0}, for {@code n} below a vector's lanes
   * (a 10-class output layer): one vector per row loaded from the row's start, its lanes past {@code n} reading the
   * next row and computing values that are dropped. No list of nonzeros: at this width a row costs one load and one
   * FMA, and a zero's row is blended to zeros instead (so its infinities never reach the sum, as when skipped). Row
   * {@code p} goes to accumulator {@code p mod 8}, so the FMAs overlap instead of waiting each for the one before (a
   * 128-unit hidden layer: 0.12 µs against 0.23 scanned and on one accumulator), and the accumulators are summed in a
   * fixed tree; rows whose vector would end past {@code b} are added after, in scalar, by the same fmas.
   * {@code scratch} holds at least {@code L} values.
   */
  static void narrow(float[] x, int k, float[] b, float[] c, int n, float[] scratch) {
    int end = k;
    while (end > 0 && (end - 1) * n + L > b.length) {
      end--;
    }
    FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
    int p = 0;
    for (; p + 8 <= end; p += 8) {
      int o = p * n;
      a0 = term(x[p], b, o, a0);
      a1 = term(x[p + 1], b, o + n, a1);
      a2 = term(x[p + 2], b, o + 2 * n, a2);
      a3 = term(x[p + 3], b, o + 3 * n, a3);
      a4 = term(x[p + 4], b, o + 4 * n, a4);
      a5 = term(x[p + 5], b, o + 5 * n, a5);
      a6 = term(x[p + 6], b, o + 6 * n, a6);
      a7 = term(x[p + 7], b, o + 7 * n, a7);
    }
    for (; p < end; p++) {
      a0 = term(x[p], b, p * n, a0);
    }
    a0.add(a1).add(a2.add(a3)).add(a4.add(a5).add(a6.add(a7))).intoArray(scratch, 0);
    for (; p < k; p++) {
      if (x[p] != 0f) {
        int o = p * n;
        for (int j = 0; j < n; j++) {
          scratch[j] = Math.fma(x[p], b[o + j], scratch[j]);
        }
      }
    }
    System.arraycopy(scratch, 0, c, 0, n);
  }

  /** {@code acc + xp · b[o .. o + L)}, or {@code acc} unchanged when {@code xp} is zero (of either sign). */
  private static FloatVector term(float xp, float[] b, int o, FloatVector acc) {
    FloatVector x = FloatVector.broadcast(S, xp);
    return FloatVector.fromArray(S, b, o).blend(0f, x.compare(VectorOperators.EQ, 0f)).fma(x, acc);
  }

  /**
   * Columns {@code [j, n)}, fewer than a vector (a 10-class output layer): one vector per row loaded from column
   * {@code j}, its lanes past {@code n} reading the next row and computing values that are dropped; rows whose vector
   * would end past {@code b} are summed in scalar on {@code scratch}, after the vector loop, by the same fmas.
   */
  private static void narrowTail(float[] x, int[] nz, int count, float[] b, float[] c, int n, int j, float[] scratch) {
    int end = count;
    while (end > 0 && nz[end - 1] * n + j + L > b.length) {
      end--;
    }
    FloatVector acc = FloatVector.zero(S);
    for (int q = 0; q < end; q++) {
      int p = nz[q];
      acc = FloatVector.fromArray(S, b, p * n + j).fma(FloatVector.broadcast(S, x[p]), acc);
    }
    acc.intoArray(scratch, 0);
    for (int q = end; q < count; q++) {
      int o = nz[q] * n + j;
      float xp = x[nz[q]];
      for (int l = 0; l < n - j; l++) {
        scratch[l] = Math.fma(xp, b[o + l], scratch[l]);
      }
    }
    System.arraycopy(scratch, 0, c, j, n - j);
  }
}
