package dev.nnet.benchmarks;

import dev.nnet.runtime.Dataset;
import dev.nnet.runtime.Network;
import dev.nnet.runtime.Parameter;
import dev.nnet.runtime.blas.MatMul;
import dev.nnet.runtime.blas.Parallel;
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
 * Steps alternate between two ways of ending a step, side by side: the optimizer step (keeping the old weights in its
 * pass, {@code step(params, previousF32, previousF64)}) then the next batch's {@code loadBatch}, one after the other
 * and timed separately; and the two side by side on two threads, as the trainer runs them (its
 * {@code UpdateAndNextBatch}). Either way the next step's batch is loaded when it starts.
 *
 * <pre>
 * OPENBLAS_NUM_THREADS=1 java --add-modules jdk.incubator.vector -XX:+UseParallelGC -XX:+UseTransparentHugePages \
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
        "optimizer beside the next loadBatch, on the team"};
    long[][] t = new long[parts.length][];
    long[][] cpu = new long[parts.length][];
    long[][] workerCpu = new long[parts.length][];
    for (int p = 0; p < parts.length; p++) {
      t[p] = new long[p == 1 || p == 2 ? steps : steps / 2];
      cpu[p] = new long[t[p].length];
      workerCpu[p] = new long[t[p].length];
    }
    long[] c = new long[6];
    long[] w = new long[6];
    int perEpoch = train.rows() / batch;
    long[] workers = workerIds(); // the team starts with the backend, in MatMul.select
    int[] next = new int[1];
    Parallel team = MatMul.team();
    Parallel.Job updateBesideLoad = (part, count) -> { // the trainer's UpdateAndNextBatch
      if (part == 0) {
        opt.step(params, previousF32, previousF64);
      }
      if (part == 1 || count == 1) {
        net.loadBatch(train, order, next[0], batch);
      }
    };
    net.loadBatch(train, order, 0, batch);
    for (int round = 0; round < 2; round++) { // the first round warms the JIT up
      for (int i = 0; i < steps; i++) {
        next[0] = ((i + 1) % perEpoch) * batch;
        boolean apart = i % 2 == 0;
        c[0] = threads.getCurrentThreadCpuTime();
        w[0] = cpuOf(threads, workers);
        long t0 = System.nanoTime();
        net.forward(true);
        long t1 = System.nanoTime();
        c[1] = threads.getCurrentThreadCpuTime();
        w[1] = cpuOf(threads, workers);
        net.backward();
        long t2 = System.nanoTime();
        c[2] = threads.getCurrentThreadCpuTime();
        w[2] = cpuOf(threads, workers);
        long t3;
        long t4;
        if (apart) {
          opt.step(params, previousF32, previousF64);
          t3 = System.nanoTime();
          c[3] = threads.getCurrentThreadCpuTime();
          w[3] = cpuOf(threads, workers);
          net.loadBatch(train, order, next[0], batch);
        } else {
          team.run(updateBesideLoad, Math.min(2, team.threads()));
          t3 = System.nanoTime();
          c[3] = threads.getCurrentThreadCpuTime();
          w[3] = cpuOf(threads, workers);
        }
        t4 = System.nanoTime();
        c[4] = threads.getCurrentThreadCpuTime();
        w[4] = cpuOf(threads, workers);
        int half = i / 2;
        record(t, cpu, workerCpu, 1, i, t1 - t0, c[1] - c[0], w[1] - w[0]);
        record(t, cpu, workerCpu, 2, i, t2 - t1, c[2] - c[1], w[2] - w[1]);
        if (apart) {
          record(t, cpu, workerCpu, 3, half, t3 - t2, c[3] - c[2], w[3] - w[2]);
          record(t, cpu, workerCpu, 0, half, t4 - t3, c[4] - c[3], w[4] - w[3]);
        } else {
          record(t, cpu, workerCpu, 4, half, t3 - t2, c[3] - c[2], w[3] - w[2]);
        }
      }
    }
    System.out.printf("matmul: %s; batch %d, %d steps; %d worker threads; load average %s%n", MatMul.describe(), batch,
        steps, workers.length, Machine.loadAverage());
    System.out.println("| part | median µs | p10 µs | caller CPU µs | workers' CPU µs |");
    System.out.println("|---|---:|---:|---:|---:|");
    double[][] medians = new double[parts.length][];
    for (int p = 0; p < parts.length; p++) {
      medians[p] = new double[] {median(t[p]), median(cpu[p]), median(workerCpu[p])};
      long[] sorted = t[p].clone();
      Arrays.sort(sorted);
      System.out.printf(Locale.ROOT, "| %s | %.1f | %.1f | %.1f | %.1f |%n", parts[p], medians[p][0],
          sorted[sorted.length / 10] / 1e3, medians[p][1], medians[p][2]);
    }
    double[] apart = new double[3];
    double[] beside = new double[3];
    for (int k = 0; k < 3; k++) {
      apart[k] = medians[0][k] + medians[1][k] + medians[2][k] + medians[3][k];
      beside[k] = medians[1][k] + medians[2][k] + medians[4][k];
    }
    System.out.printf(Locale.ROOT, "| step, optimizer then loadBatch | %.1f | | %.1f | %.1f |%n", apart[0], apart[1],
        apart[2]);
    System.out.printf(Locale.ROOT, "| step, optimizer beside loadBatch | %.1f | | %.1f | %.1f |%n", beside[0],
        beside[1], beside[2]);
  }

  private static void record(long[][] t, long[][] cpu, long[][] workerCpu, int part, int at, long wall, long caller,
      long worker) {
    t[part][at] = wall;
    cpu[part][at] = caller;
    workerCpu[part][at] = worker;
  }

  /** The median of {@code nanos}, in µs. */
  private static double median(long[] nanos) {
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
