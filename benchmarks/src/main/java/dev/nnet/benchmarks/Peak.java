package dev.nnet.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * This machine's float32 multiply-add peak, measured: a Java Vector API loop of twelve independent fused multiply-adds
 * on the widest vectors (enough to cover the latency of two FMA units: 4 cycles × 2 on current x86 cores), on one
 * thread and on several at once. What a training figure's arithmetic is divided by, so that a figure reads the same
 * on an AVX2 and an AVX-512 machine. Needs {@code --add-modules jdk.incubator.vector}.
 */
final class Peak {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int ACCUMULATORS = 12;
  /** Multiply-adds per vector lane of one {@link #burst}. */
  private static final int BURST = 1 << 16;

  private Peak() {}

  /** Bits of the widest vector the Vector API uses here (256 for AVX2, 512 for AVX-512). */
  static int vectorBits() {
    return S.vectorBitSize();
  }

  /**
   * GFLOP/s (two per multiply-add per lane) of {@code threads} threads running the loop at once for about
   * {@code millis} ms each, the best of three tries after a warm-up. Each thread's rate is over its own CPU time, not
   * the wall clock, so that other programs on a shared machine (which take turns on the cores) lower it less: the
   * sum is what the cores can do, not what they were given.
   */
  static double gflops(int threads, long millis) throws InterruptedException {
    measure(threads, millis / 2); // warm-up: the JIT compiles the loop
    double best = 0;
    for (int attempt = 0; attempt < 3; attempt++) {
      best = Math.max(best, measure(threads, millis));
    }
    return best;
  }

  private static double measure(int threads, long millis) throws InterruptedException {
    ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
    double[] rates = new double[threads];
    List<Thread> team = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int id = t;
      Thread thread = new Thread(() -> {
        long start = cpu.getCurrentThreadCpuTime();
        long deadline = System.nanoTime() + millis * 1_000_000L;
        long bursts = 0;
        float sink = 0;
        do {
          sink += burst(1f + bursts);
          bursts++;
        } while (System.nanoTime() < deadline);
        long nanos = cpu.getCurrentThreadCpuTime() - start;
        rates[id] = (2.0 * bursts * BURST * ACCUMULATORS * S.length() + (sink == 42 ? 1 : 0)) / nanos;
      });
      team.add(thread);
      thread.start();
    }
    double sum = 0;
    for (int t = 0; t < threads; t++) {
      team.get(t).join();
      sum += rates[t];
    }
    return sum;
  }

  /** {@link #BURST} rounds of twelve independent vector FMAs; returns a value that depends on all of them. */
  private static float burst(float seed) {
    FloatVector a = FloatVector.broadcast(S, 0.999999f);
    FloatVector b = FloatVector.broadcast(S, 1e-7f);
    FloatVector c0 = FloatVector.broadcast(S, seed);
    FloatVector c1 = c0.add(1);
    FloatVector c2 = c0.add(2);
    FloatVector c3 = c0.add(3);
    FloatVector c4 = c0.add(4);
    FloatVector c5 = c0.add(5);
    FloatVector c6 = c0.add(6);
    FloatVector c7 = c0.add(7);
    FloatVector c8 = c0.add(8);
    FloatVector c9 = c0.add(9);
    FloatVector c10 = c0.add(10);
    FloatVector c11 = c0.add(11);
    for (int i = 0; i < BURST; i++) {
      c0 = c0.fma(a, b);
      c1 = c1.fma(a, b);
      c2 = c2.fma(a, b);
      c3 = c3.fma(a, b);
      c4 = c4.fma(a, b);
      c5 = c5.fma(a, b);
      c6 = c6.fma(a, b);
      c7 = c7.fma(a, b);
      c8 = c8.fma(a, b);
      c9 = c9.fma(a, b);
      c10 = c10.fma(a, b);
      c11 = c11.fma(a, b);
    }
    return c0.add(c1).add(c2).add(c3).add(c4).add(c5).add(c6).add(c7).add(c8).add(c9).add(c10).add(c11)
        .reduceLanes(jdk.incubator.vector.VectorOperators.ADD);
  }
}
