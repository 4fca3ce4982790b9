package dev.nnet.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The backends of {@link BenchmarkMatMul} timed side by side, for a shared, noisy machine: after a warm-up, each
 * round times every backend on every product for a short slice, backends in a rotating order, so that load from
 * elsewhere hits all of them alike. Prints per product the median time and GFLOP/s of each backend, and the median
 * over rounds of its speed relative to {@code ejml} measured within the same round.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp benchmarks/target/benchmarks.jar dev.nnet.benchmarks.MatMulSideBySide \
 *     [rounds [slice-ms [backend,backend,...]]]
 * </pre>
 *
 * <p>Defaults: 31 rounds of 10 ms slices, backends {@code ejml,vector-1,vector-2,blas}; {@code blas-1} and
 * {@code blas-2} are OpenBLAS with its products on one thread and cut over two.
 */
public final class MatMulSideBySide {
  private MatMulSideBySide() {}

  public static void main(String[] args) {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 31;
    long sliceNanos = (args.length > 1 ? Long.parseLong(args[1]) : 10) * 1_000_000L;
    List<String> backends = List.of((args.length > 2 ? args[2] : "ejml,vector-1,vector-2,blas").split(","));

    List<BenchmarkMatMul[]> cases = new ArrayList<>(); // per (batch, product): one state per backend
    for (int batch : new int[] {32, 128}) {
      for (BenchmarkMatMul.Product product : BenchmarkMatMul.Product.values()) {
        BenchmarkMatMul[] states = new BenchmarkMatMul[backends.size()];
        for (int i = 0; i < states.length; i++) {
          states[i] = new BenchmarkMatMul();
          states[i].batch = batch;
          states[i].product = product;
          states[i].backend = backends.get(i);
          states[i].setUp();
        }
        cases.add(states);
      }
    }
    for (String backend : backends) {
      System.out.println("# " + backend + ": " + BenchmarkMatMul.backend(backend).describe());
    }

    // Warm-up (JIT compilation), and the calls per slice for each state.
    int[][] calls = new int[cases.size()][backends.size()];
    for (int c = 0; c < cases.size(); c++) {
      for (int b = 0; b < backends.size(); b++) {
        BenchmarkMatMul s = cases.get(c)[b];
        long start = System.nanoTime();
        int n = 0;
        while (System.nanoTime() - start < 20 * sliceNanos) {
          s.product();
          n++;
        }
        calls[c][b] = Math.max(1, (int) (n / 20));
      }
    }

    double[][][] nanosPerCall = new double[cases.size()][backends.size()][rounds];
    for (int r = 0; r < rounds; r++) {
      for (int c = 0; c < cases.size(); c++) {
        for (int i = 0; i < backends.size(); i++) {
          int b = (i + r) % backends.size();
          BenchmarkMatMul s = cases.get(c)[b];
          long start = System.nanoTime();
          for (int n = 0; n < calls[c][b]; n++) {
            s.product();
          }
          nanosPerCall[c][b][r] = (double) (System.nanoTime() - start) / calls[c][b];
        }
      }
    }

    int ejml = backends.indexOf("ejml");
    StringBuilder out = new StringBuilder("| batch | product |");
    for (String backend : backends) {
      out.append(' ').append(backend).append(" µs | GFLOP/s |").append(ejml >= 0 ? " ×ejml |" : "");
    }
    out.append("\n|---|---|").append((ejml >= 0 ? "---:|---:|---:|" : "---:|---:|").repeat(backends.size()));
    out.append('\n');
    for (int c = 0; c < cases.size(); c++) {
      BenchmarkMatMul first = cases.get(c)[0];
      out.append(String.format(Locale.ROOT, "| %d | %s |", first.batch, first.product));
      for (int b = 0; b < backends.size(); b++) {
        double us = median(nanosPerCall[c][b]) / 1e3;
        out.append(String.format(Locale.ROOT, " %.1f | %.1f |", us, first.product.flop(first.batch) / (us * 1e3)));
        if (ejml >= 0) {
          double[] ratios = new double[rounds];
          for (int r = 0; r < rounds; r++) {
            ratios[r] = nanosPerCall[c][ejml][r] / nanosPerCall[c][b][r];
          }
          out.append(String.format(Locale.ROOT, " %.1f |", median(ratios)));
        }
      }
      out.append('\n');
    }
    System.out.print(out);
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }
}
