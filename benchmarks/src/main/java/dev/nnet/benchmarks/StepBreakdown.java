package dev.nnet.benchmarks;

import dev.nnet.runtime.Dataset;
import dev.nnet.runtime.Network;
import dev.nnet.runtime.Parameter;
import dev.nnet.runtime.blas.MatMul;
import dev.nnet.runtime.optim.Optimizer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Where one training step of the Fashion-MNIST MLP spends its time: {@code loadBatch}, {@code forward(true)},
 * {@code backward()} and the optimizer step with the trainer's copy of the old weights, each timed separately
 * over many steps, batches drawn in a shuffled order as the trainer draws them; prints per part the median and the
 * 10th percentile of the wall time ({@code System.nanoTime}) and the medians of the CPU time of the calling thread and
 * of nnet's worker threads (spinning included: a worker waiting for the next part spins up to 250 µs), which another
 * process's load inflates far less than wall time.
 * Steps alternate between the two ways of keeping the old weights, side by side: stored by the optimizer in its own
 * pass ({@code step(params, previousF32, previousF64)}, what the trainer does), and a separate copy of every
 * parameter followed by a plain {@code step(params)} (what it did before).
 *
 * <pre>
 * OPENBLAS_NUM_THREADS=1 java --add-modules jdk.incubator.vector -XX:PerMethodTrapLimit=1000 -XX:+UseParallelGC \
 *     -XX:+UseTransparentHugePages \
 *     -cp benchmarks/target/benchmarks.jar dev.nnet.benchmarks.StepBreakdown [batch [steps [matmul [threads]]]]
 * </pre>
 *
 * Run from the repository root. Never run by the build.
 */
public final class StepBreakdown {
  private StepBreakdown() {}

  public static void main(String[] args) throws Exception {
    int batch = args.length > 0 ? Integer.parseInt(args[0]) : 32;
    int steps = args.length > 1 ? Integer.parseInt(args[1]) : 5000;
    MatMul.select(args.length > 2 ? args[2] : "auto", args.length > 3 ? Integer.parseInt(args[3]) : 2);
    Sample s = Sample.load(Path.of("samples/fashion_mlp/fashion_mlp.nnet"));
    Network net = s.network(batch);
    Optimizer opt = s.optimizer().create();
    Dataset train = s.data.train();
    int[] order = new int[train.rows()];
    Arrays.setAll(order, i -> i);
    new dev.nnet.runtime.Rng(42).shuffle(order); // rows from all over memory, as in training
    var threads = java.lang.management.ManagementFactory.getThreadMXBean();
    List<Parameter> params = net.parameters();
    float[][] previousF32 = new float[params.size()][];
    for (int i = 0; i < params.size(); i++) {
      previousF32[i] = new float[params.get(i).size()];
    }
    double[][] previousF64 = new double[params.size()][]; // the model is float32: no float64 parameter
    String[] parts = {"loadBatch", "forward", "backward", "optimizer storing the old weights in its pass",
        "copy of the weights, then a plain optimizer step"};
    long[][] t = new long[parts.length][];
    long[][] cpu = new long[parts.length][];
    long[][] workerCpu = new long[parts.length][];
    for (int p = 0; p < parts.length; p++) {
      t[p] = new long[p < 3 ? steps : steps / 2];
      cpu[p] = new long[t[p].length];
      workerCpu[p] = new long[t[p].length];
    }
    long[] c = new long[5];
    long[] w = new long[5];
    int perEpoch = train.rows() / batch;
    long[] workers = workerIds(); // the team starts with the backend, in MatMul.select
    for (int round = 0; round < 2; round++) { // the first round warms the JIT up
      for (int i = 0; i < steps; i++) {
        int from = (i % perEpoch) * batch;
        c[0] = threads.getCurrentThreadCpuTime();
        w[0] = cpuOf(threads, workers);
        long t0 = System.nanoTime();
        net.loadBatch(train, order, from, batch);
        long t1 = System.nanoTime();
        c[1] = threads.getCurrentThreadCpuTime();
        w[1] = cpuOf(threads, workers);
        net.forward(true);
        long t2 = System.nanoTime();
        c[2] = threads.getCurrentThreadCpuTime();
        w[2] = cpuOf(threads, workers);
        net.backward();
        long t3 = System.nanoTime();
        c[3] = threads.getCurrentThreadCpuTime();
        w[3] = cpuOf(threads, workers);
        if (i % 2 == 0) {
          opt.step(params, previousF32, previousF64);
        } else {
          for (int p = 0; p < params.size(); p++) {
            float[] weights = ((Parameter.F32) params.get(p)).value().data;
            System.arraycopy(weights, 0, previousF32[p], 0, previousF32[p].length);
          }
          opt.step(params);
        }
        long t4 = System.nanoTime();
        c[4] = threads.getCurrentThreadCpuTime();
        w[4] = cpuOf(threads, workers);
        t[0][i] = t1 - t0;
        t[1][i] = t2 - t1;
        t[2][i] = t3 - t2;
        t[3 + i % 2][i / 2] = t4 - t3;
        for (int p = 0; p < 4; p++) {
          int part = p < 3 ? p : 3 + i % 2;
          int at = p < 3 ? i : i / 2;
          cpu[part][at] = c[p + 1] - c[p];
          workerCpu[part][at] = w[p + 1] - w[p];
        }
      }
    }
    System.out.printf("matmul: %s; batch %d, %d steps; %d worker threads; load average %s%n", MatMul.describe(), batch,
        steps, workers.length, Machine.loadAverage());
    System.out.println("| part | median µs | p10 µs | caller CPU µs | workers' CPU µs |");
    System.out.println("|---|---:|---:|---:|---:|");
    double[] total = new double[3];
    for (int p = 0; p < parts.length; p++) {
      double[] medians = {median(t[p]), median(cpu[p]), median(workerCpu[p])};
      long[] sorted = t[p].clone();
      Arrays.sort(sorted);
      for (int k = 0; k < 3 && p < 4; k++) {
        total[k] += medians[k];
      }
      System.out.printf(Locale.ROOT, "| %s | %.1f | %.1f | %.1f | %.1f |%n", parts[p], medians[0],
          sorted[sorted.length / 10] / 1e3, medians[1], medians[2]);
    }
    System.out.printf(Locale.ROOT, "| step (first four parts) | %.1f | | %.1f | %.1f |%n", total[0], total[1], total[2]);
  }

  /** The median of {@code nanos}, in µs (the upper one of an even count); the other benchmark programs use it too. */
  static double median(long[] nanos) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2] / 1e3;
  }

  /** The ids of nnet's worker threads ({@code nnet-worker-N}) now running. */
  private static long[] workerIds() {
    return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("nnet-worker-"))
        .mapToLong(Thread::getId).toArray();
  }

  /** The CPU time of the threads {@code ids}, summed, in ns. */
  private static long cpuOf(java.lang.management.ThreadMXBean threads, long[] ids) {
    long sum = 0;
    for (long id : ids) {
      sum += Math.max(0, threads.getThreadCpuTime(id));
    }
    return sum;
  }
}
