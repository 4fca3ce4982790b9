package dev.nnet.benchmarks;

import dev.ludovic.netlib.blas.BLAS;
import dev.nnet.runtime.Dataset;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * An experiment for issue 17, not a kernel of nnet: would the Fashion-MNIST MLP's first layer at batch 128 train
 * faster if its two products skipped the images' zero pixels (half of them)? Times one thread's half of each product
 * (what each of the two threads does in a training step) with OpenBLAS and with sparse kernels on the Vector API,
 * side by side on the same real images, and checks that they agree:
 *
 * <ul>
 *   <li>forward, {@code c = x · W1} for 64 rows: OpenBLAS {@code sgemm}; a row at a time over the nonzero pixels of
 *       each block of 64 (a bit mask, W1's 64 rows in L1); two rows at a time over the union of their masks (each
 *       row of W1 loaded once for two rows of {@code c});
 *   <li>weight gradient, {@code dW1 = xᵀ · dz} for 448 of the 784 pixels: OpenBLAS; two pixels at a time over the
 *       samples where either is nonzero (masks of columns), each row of {@code dz} loaded once for two rows of
 *       {@code dW1}.
 * </ul>
 *
 * A vector load that straddles two cache lines costs almost twice one that does not, and Java says nothing of an
 * array's address; so W1 and {@code dW1} are copied to each even offset in turn (one of which puts them on cache
 * lines) and each offset is timed. Prints per offset the median µs of each variant, and the masks' own time.
 *
 * <pre>
 * OPENBLAS_CORETYPE=SkylakeX OPENBLAS_NUM_THREADS=1 java --add-modules jdk.incubator.vector \
 *     -XX:PerMethodTrapLimit=1000 -XX:+UseParallelGC \
 *     -cp benchmarks/target/benchmarks.jar dev.nnet.benchmarks.SparseFirstLayer [calls-per-offset]
 * </pre>
 *
 * Needs 512-bit vectors (AVX-512). Run from the repository root. Never run by the build.
 */
public final class SparseFirstLayer {
  private static final VectorSpecies<Float> F = FloatVector.SPECIES_512;
  private static final IntVector LANE = IntVector.fromArray(IntVector.SPECIES_512,
      new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}, 0);
  private static final int K = 784;
  private static final int N = 128;
  private static final int M = 128;
  private static final int BLOCKS = (K + 63) / 64;
  /** The gradient's pixels: 7 blocks of 64, about one thread's half. */
  private static final int GRADIENT_PIXELS = 448;

  private SparseFirstLayer() {}

  public static void main(String[] args) throws Exception {
    if (F.length() != FloatVector.SPECIES_PREFERRED.length()) {
      throw new IllegalStateException("needs 512-bit vectors");
    }
    int calls = args.length > 0 ? Integer.parseInt(args[0]) : 600;
    Dataset train = Sample.load(Path.of("samples/fashion_mlp/fashion_mlp.nnet")).data.train();
    byte[] images = train.bytes().values();
    float scale = train.bytes().scale();
    Random random = new Random(17);
    float[] w = new float[K * N];
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) random.nextGaussian() * 0.05f;
    }
    float[] x = new float[M * K];
    float[] dz = new float[M * N];
    float[] shifted = new float[K * N + 16]; // W1, or dW1, from an offset
    float[] forwardRef = new float[M / 2 * N];
    float[] gradientRef = new float[GRADIENT_PIXELS * N];
    float[] out = new float[M / 2 * N];
    long[] rowMasks = new long[M * BLOCKS];
    long[] columnMasks = new long[K * 2];
    int[] lanes = new int[64];
    BLAS blas = BLAS.getInstance();
    String[] names = {"forward blas", "masks", "forward 1 row", "forward 2 rows", "gradient blas",
        "column masks", "gradient 2 pixels"};
    System.out.println("| offset | " + String.join(" | ", names) + " | max difference |");
    System.out.println("|---:|" + "---:|".repeat(names.length + 1));
    for (int round = 0; round < 3; round++) { // the first two warm up
      for (int offset = 0; offset < 16; offset += 2) {
        long[][] times = new long[names.length][calls];
        double diff = 0;
        for (int call = 0; call < calls; call++) {
          for (int i = 0; i < M; i++) {
            int row = random.nextInt(train.rows()) * K;
            for (int j = 0; j < K; j++) {
              x[i * K + j] = (images[row + j] & 0xFF) * scale;
            }
          }
          for (int i = 0; i < dz.length; i++) {
            dz[i] = (float) random.nextGaussian();
          }
          System.arraycopy(w, 0, shifted, offset, w.length);
          long t0 = System.nanoTime();
          blas.sgemm("N", "N", N, M / 2, K, 1f, w, 0, N, x, 0, K, 0f, forwardRef, 0, N);
          long t1 = System.nanoTime();
          rowMasks(x, M, rowMasks);
          long t2 = System.nanoTime();
          forwardRows(x, shifted, offset, out, M / 2, rowMasks, false);
          long t3 = System.nanoTime();
          forwardRows(x, shifted, offset, out, M / 2, rowMasks, true);
          long t4 = System.nanoTime();
          blas.sgemm("N", "T", N, GRADIENT_PIXELS, M, 1f, dz, 0, N, x, 0, K, 0f, gradientRef, 0, N);
          long t5 = System.nanoTime();
          columnMasks(x, GRADIENT_PIXELS, columnMasks, lanes);
          long t6 = System.nanoTime();
          gradientPixelPairs(x, dz, columnMasks, shifted, offset);
          long t7 = System.nanoTime();
          diff = Math.max(diff, maxDifference(forwardRef, 0, out, 0, M / 2 * N));
          diff = Math.max(diff, maxDifference(gradientRef, 0, shifted, offset, GRADIENT_PIXELS * N));
          long[] spans = {t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4, t6 - t5, t7 - t6};
          for (int v = 0; v < spans.length; v++) {
            times[v][call] = spans[v];
          }
        }
        if (round == 2) {
          StringBuilder line = new StringBuilder("| " + offset + " |");
          for (long[] series : times) {
            double median = StepBreakdown.median(Arrays.copyOfRange(series, calls / 2, calls));
            line.append(String.format(Locale.ROOT, " %.1f |", median));
          }
          System.out.println(line.append(String.format(Locale.ROOT, " %.2g |", diff)));
        }
      }
    }
  }

  /** Bit {@code t} of {@code masks[i · BLOCKS + g]}: pixel {@code 64g + t} of row {@code i} is not zero. */
  static void rowMasks(float[] x, int rows, long[] masks) {
    for (int i = 0; i < rows; i++) {
      for (int g = 0; g < BLOCKS; g++) {
        int o = i * K + 64 * g;
        long bits = 0;
        if (64 * g + 64 <= K) {
          IntVector low = nonzero(x, o).lanewise(VectorOperators.LSHL, LANE)
              .or(nonzero(x, o + 16).lanewise(VectorOperators.LSHL, LANE.add(16)));
          IntVector high = nonzero(x, o + 32).lanewise(VectorOperators.LSHL, LANE)
              .or(nonzero(x, o + 48).lanewise(VectorOperators.LSHL, LANE.add(16)));
          bits = (low.reduceLanes(VectorOperators.OR) & 0xffffffffL)
              | ((long) high.reduceLanes(VectorOperators.OR) << 32);
        } else {
          for (int t = 0; 64 * g + t < K; t++) {
            bits |= (x[o + t] != 0f ? 1L : 0L) << t;
          }
        }
        masks[i * BLOCKS + g] = bits;
      }
    }
  }

  /** 1 in each lane of {@code x[o .. o + 16)} that is not ±0, else 0. */
  private static IntVector nonzero(float[] x, int o) {
    IntVector bits = FloatVector.fromArray(F, x, o).reinterpretAsInts();
    return bits.and(0x7fffffff).add(0x7fffffff).lanewise(VectorOperators.LSHR, 31);
  }

  /** Bits of {@code masks[2p]} and {@code masks[2p + 1]}: the rows 0–63 and 64–127 in which pixel p is not zero. */
  static void columnMasks(float[] x, int pixels, long[] masks, int[] lanes) {
    for (int g = 0; g < pixels; g += 16) {
      columnWord(x, g, 0, lanes);
      columnWord(x, g, 1, lanes);
      columnWord(x, g, 2, lanes);
      columnWord(x, g, 3, lanes);
      for (int l = 0; l < 16; l++) {
        masks[(g + l) * 2] = (lanes[l] & 0xffffffffL) | ((long) lanes[16 + l] << 32);
        masks[(g + l) * 2 + 1] = (lanes[32 + l] & 0xffffffffL) | ((long) lanes[48 + l] << 32);
      }
    }
  }

  /** lanes[16q + l]: bit i − 32q set when pixel g + l of sample i is not zero, for samples 32q ≤ i < 32q + 32. */
  private static void columnWord(float[] x, int g, int q, int[] lanes) {
    IntVector word = IntVector.zero(IntVector.SPECIES_512);
    for (int i = 32 * q; i < 32 * q + 32; i++) {
      word = word.or(nonzero(x, i * K + g).lanewise(VectorOperators.LSHL, i - 32 * q));
    }
    word.intoArray(lanes, 16 * q);
  }

  /** c[0, rows) = x · W1, W1 at {@code w[offset..]}, a row or two rows at a time, blocks of 64 pixels. */
  static void forwardRows(float[] x, float[] w, int offset, float[] c, int rows, long[] masks, boolean pairs) {
    Arrays.fill(c, 0, rows * N, 0f);
    for (int g = 0; g < BLOCKS; g++) {
      for (int i = 0; i < rows; i += pairs ? 2 : 1) {
        if (pairs) {
          long union = masks[i * BLOCKS + g] | masks[(i + 1) * BLOCKS + g];
          twoRows(x, i * K + 64 * g, K, union, w, offset + 64 * g * N, N, c, i * N, N);
        } else {
          oneRow(x, i * K + 64 * g, masks[i * BLOCKS + g], w, offset + 64 * g * N, c, i * N);
        }
      }
    }
  }

  /** c[co..co+128) += Σ x[xo + t] · b[bo + 128t ..] over the bits t of mask. */
  private static void oneRow(float[] x, int xo, long mask, float[] b, int bo, float[] c, int co) {
    FloatVector c0 = FloatVector.fromArray(F, c, co), c1 = FloatVector.fromArray(F, c, co + 16);
    FloatVector c2 = FloatVector.fromArray(F, c, co + 32), c3 = FloatVector.fromArray(F, c, co + 48);
    FloatVector c4 = FloatVector.fromArray(F, c, co + 64), c5 = FloatVector.fromArray(F, c, co + 80);
    FloatVector c6 = FloatVector.fromArray(F, c, co + 96), c7 = FloatVector.fromArray(F, c, co + 112);
    while (mask != 0) {
      int t = Long.numberOfTrailingZeros(mask);
      mask &= mask - 1;
      FloatVector xv = FloatVector.broadcast(F, x[xo + t]);
      int o = bo + t * N;
      c0 = FloatVector.fromArray(F, b, o).fma(xv, c0);
      c1 = FloatVector.fromArray(F, b, o + 16).fma(xv, c1);
      c2 = FloatVector.fromArray(F, b, o + 32).fma(xv, c2);
      c3 = FloatVector.fromArray(F, b, o + 48).fma(xv, c3);
      c4 = FloatVector.fromArray(F, b, o + 64).fma(xv, c4);
      c5 = FloatVector.fromArray(F, b, o + 80).fma(xv, c5);
      c6 = FloatVector.fromArray(F, b, o + 96).fma(xv, c6);
      c7 = FloatVector.fromArray(F, b, o + 112).fma(xv, c7);
    }
    c0.intoArray(c, co);
    c1.intoArray(c, co + 16);
    c2.intoArray(c, co + 32);
    c3.intoArray(c, co + 48);
    c4.intoArray(c, co + 64);
    c5.intoArray(c, co + 80);
    c6.intoArray(c, co + 96);
    c7.intoArray(c, co + 112);
  }

  /**
   * Two accumulator rows sharing each loaded row of {@code b}: {@code c[co..) += Σ x[xo + t]·b[bo + bs·t ..]} and
   * {@code c[co + cs..) += Σ x[xo + xs + t]·b[..]} over the bits t of mask (a zero adds nothing): two rows of
   * {@code c} over the pixels of two samples.
   */
  private static void twoRows(float[] x, int xo, int xs, long mask, float[] b, int bo, int bs, float[] c, int co,
      int cs) {
    FloatVector c0 = FloatVector.fromArray(F, c, co), c1 = FloatVector.fromArray(F, c, co + 16);
    FloatVector c2 = FloatVector.fromArray(F, c, co + 32), c3 = FloatVector.fromArray(F, c, co + 48);
    FloatVector c4 = FloatVector.fromArray(F, c, co + 64), c5 = FloatVector.fromArray(F, c, co + 80);
    FloatVector c6 = FloatVector.fromArray(F, c, co + 96), c7 = FloatVector.fromArray(F, c, co + 112);
    int d = co + cs;
    FloatVector d0 = FloatVector.fromArray(F, c, d), d1 = FloatVector.fromArray(F, c, d + 16);
    FloatVector d2 = FloatVector.fromArray(F, c, d + 32), d3 = FloatVector.fromArray(F, c, d + 48);
    FloatVector d4 = FloatVector.fromArray(F, c, d + 64), d5 = FloatVector.fromArray(F, c, d + 80);
    FloatVector d6 = FloatVector.fromArray(F, c, d + 96), d7 = FloatVector.fromArray(F, c, d + 112);
    while (mask != 0) {
      int t = Long.numberOfTrailingZeros(mask);
      mask &= mask - 1;
      FloatVector xv = FloatVector.broadcast(F, x[xo + t]);
      FloatVector yv = FloatVector.broadcast(F, x[xo + xs + t]);
      int o = bo + t * bs;
      FloatVector v = FloatVector.fromArray(F, b, o);
      c0 = v.fma(xv, c0);
      d0 = v.fma(yv, d0);
      v = FloatVector.fromArray(F, b, o + 16);
      c1 = v.fma(xv, c1);
      d1 = v.fma(yv, d1);
      v = FloatVector.fromArray(F, b, o + 32);
      c2 = v.fma(xv, c2);
      d2 = v.fma(yv, d2);
      v = FloatVector.fromArray(F, b, o + 48);
      c3 = v.fma(xv, c3);
      d3 = v.fma(yv, d3);
      v = FloatVector.fromArray(F, b, o + 64);
      c4 = v.fma(xv, c4);
      d4 = v.fma(yv, d4);
      v = FloatVector.fromArray(F, b, o + 80);
      c5 = v.fma(xv, c5);
      d5 = v.fma(yv, d5);
      v = FloatVector.fromArray(F, b, o + 96);
      c6 = v.fma(xv, c6);
      d6 = v.fma(yv, d6);
      v = FloatVector.fromArray(F, b, o + 112);
      c7 = v.fma(xv, c7);
      d7 = v.fma(yv, d7);
    }
    c0.intoArray(c, co);
    c1.intoArray(c, co + 16);
    c2.intoArray(c, co + 32);
    c3.intoArray(c, co + 48);
    c4.intoArray(c, co + 64);
    c5.intoArray(c, co + 80);
    c6.intoArray(c, co + 96);
    c7.intoArray(c, co + 112);
    d0.intoArray(c, d);
    d1.intoArray(c, d + 16);
    d2.intoArray(c, d + 32);
    d3.intoArray(c, d + 48);
    d4.intoArray(c, d + 64);
    d5.intoArray(c, d + 80);
    d6.intoArray(c, d + 96);
    d7.intoArray(c, d + 112);
  }

  /**
   * {@link #twoRows} down two columns of {@code x}: two rows of {@code dW1} over the samples. A copy: one kernel
   * for both, the column step a parameter, took 93–98 µs for the forward product, aligned or not (00:26 UTC).
   */
  private static void twoColumns(float[] x, int xo, int xs, long mask, float[] b, int bo, int bs, float[] c, int co,
      int cs) {
    FloatVector c0 = FloatVector.fromArray(F, c, co), c1 = FloatVector.fromArray(F, c, co + 16);
    FloatVector c2 = FloatVector.fromArray(F, c, co + 32), c3 = FloatVector.fromArray(F, c, co + 48);
    FloatVector c4 = FloatVector.fromArray(F, c, co + 64), c5 = FloatVector.fromArray(F, c, co + 80);
    FloatVector c6 = FloatVector.fromArray(F, c, co + 96), c7 = FloatVector.fromArray(F, c, co + 112);
    int d = co + cs;
    FloatVector d0 = FloatVector.fromArray(F, c, d), d1 = FloatVector.fromArray(F, c, d + 16);
    FloatVector d2 = FloatVector.fromArray(F, c, d + 32), d3 = FloatVector.fromArray(F, c, d + 48);
    FloatVector d4 = FloatVector.fromArray(F, c, d + 64), d5 = FloatVector.fromArray(F, c, d + 80);
    FloatVector d6 = FloatVector.fromArray(F, c, d + 96), d7 = FloatVector.fromArray(F, c, d + 112);
    while (mask != 0) {
      int t = Long.numberOfTrailingZeros(mask);
      mask &= mask - 1;
      FloatVector xv = FloatVector.broadcast(F, x[xo + t * K]);
      FloatVector yv = FloatVector.broadcast(F, x[xo + xs + t * K]);
      int o = bo + t * bs;
      FloatVector v = FloatVector.fromArray(F, b, o);
      c0 = v.fma(xv, c0);
      d0 = v.fma(yv, d0);
      v = FloatVector.fromArray(F, b, o + 16);
      c1 = v.fma(xv, c1);
      d1 = v.fma(yv, d1);
      v = FloatVector.fromArray(F, b, o + 32);
      c2 = v.fma(xv, c2);
      d2 = v.fma(yv, d2);
      v = FloatVector.fromArray(F, b, o + 48);
      c3 = v.fma(xv, c3);
      d3 = v.fma(yv, d3);
      v = FloatVector.fromArray(F, b, o + 64);
      c4 = v.fma(xv, c4);
      d4 = v.fma(yv, d4);
      v = FloatVector.fromArray(F, b, o + 80);
      c5 = v.fma(xv, c5);
      d5 = v.fma(yv, d5);
      v = FloatVector.fromArray(F, b, o + 96);
      c6 = v.fma(xv, c6);
      d6 = v.fma(yv, d6);
      v = FloatVector.fromArray(F, b, o + 112);
      c7 = v.fma(xv, c7);
      d7 = v.fma(yv, d7);
    }
    c0.intoArray(c, co);
    c1.intoArray(c, co + 16);
    c2.intoArray(c, co + 32);
    c3.intoArray(c, co + 48);
    c4.intoArray(c, co + 64);
    c5.intoArray(c, co + 80);
    c6.intoArray(c, co + 96);
    c7.intoArray(c, co + 112);
    d0.intoArray(c, d);
    d1.intoArray(c, d + 16);
    d2.intoArray(c, d + 32);
    d3.intoArray(c, d + 48);
    d4.intoArray(c, d + 64);
    d5.intoArray(c, d + 80);
    d6.intoArray(c, d + 96);
    d7.intoArray(c, d + 112);
  }

  /** dW1 rows [0, GRADIENT_PIXELS) at {@code dw[offset..]} = xᵀ · dz, two pixels at a time over 64 samples. */
  static void gradientPixelPairs(float[] x, float[] dz, long[] masks, float[] dw, int offset) {
    Arrays.fill(dw, offset, offset + GRADIENT_PIXELS * N, 0f);
    for (int word = 0; word < 2; word++) {
      for (int p = 0; p < GRADIENT_PIXELS; p += 2) {
        long union = masks[2 * p + word] | masks[2 * (p + 1) + word];
        twoColumns(x, 64 * word * K + p, 1, union, dz, 64 * word * N, N, dw, offset + p * N, N);
      }
    }
  }

  private static double maxDifference(float[] a, int ao, float[] b, int bo, int n) {
    double max = 0;
    for (int i = 0; i < n; i++) {
      max = Math.max(max, Math.abs(a[ao + i] - b[bo + i]));
    }
    return max;
  }
}
