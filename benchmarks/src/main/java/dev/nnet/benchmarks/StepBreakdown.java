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
 * (wall clock, {@code System.nanoTime}) over many steps; prints the median and the 10th percentile of each part.
 * Steps alternate between the two ways of keeping the old weights, side by side: stored by the optimizer in its own
 * pass ({@code step(params, previousF32, previousF64)}, what the trainer does), and a separate copy of every
 * parameter followed by a plain {@code step(params)} (what it did before).
 *
 * <pre>
 * OPENBLAS_NUM_THREADS=1 java --add-modules jdk.incubator.vector -XX:+UseParallelGC -cp benchmarks/target/benchmarks.jar \
 *     dev.nnet.benchmarks.StepBreakdown [batch [steps [matmul [threads]]]]
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
    List<Parameter> params = net.parameters();
    float[][] previousF32 = new float[params.size()][];
    for (int i = 0; i < params.size(); i++) {
      previousF32[i] = new float[params.get(i).size()];
    }
    double[][] previousF64 = new double[params.size()][]; // the model is float32: no float64 parameter
    String[] parts = {"loadBatch", "forward", "backward", "optimizer storing the old weights in its pass",
        "copy of the weights, then a plain optimizer step"};
    long[][] t = new long[parts.length][];
    for (int p = 0; p < parts.length; p++) {
      t[p] = new long[p < 3 ? steps : steps / 2];
    }
    int perEpoch = train.rows() / batch;
    for (int round = 0; round < 2; round++) { // the first round warms the JIT up
      for (int i = 0; i < steps; i++) {
        int from = (i % perEpoch) * batch;
        long t0 = System.nanoTime();
        net.loadBatch(train, order, from, batch);
        long t1 = System.nanoTime();
        net.forward(true);
        long t2 = System.nanoTime();
        net.backward();
        long t3 = System.nanoTime();
        if (i % 2 == 0) {
          opt.step(params, previousF32, previousF64);
        } else {
          for (int p = 0; p < params.size(); p++) {
            float[] w = ((Parameter.F32) params.get(p)).value().data;
            System.arraycopy(w, 0, previousF32[p], 0, previousF32[p].length);
          }
          opt.step(params);
        }
        long t4 = System.nanoTime();
        t[0][i] = t1 - t0;
        t[1][i] = t2 - t1;
        t[2][i] = t3 - t2;
        t[3 + i % 2][i / 2] = t4 - t3;
      }
    }
    System.out.printf("matmul: %s; batch %d, %d steps; load average %s%n", MatMul.describe(), batch, steps,
        Machine.loadAverage());
    System.out.println("| part | median µs | p10 µs |");
    System.out.println("|---|---:|---:|");
    double total = 0;
    for (int p = 0; p < parts.length; p++) {
      long[] sorted = t[p].clone();
      Arrays.sort(sorted);
      double median = sorted[sorted.length / 2] / 1e3;
      total += p < 4 ? median : 0;
      System.out.printf(Locale.ROOT, "| %s | %.1f | %.1f |%n", parts[p], median, sorted[sorted.length / 10] / 1e3);
    }
    System.out.printf(Locale.ROOT, "| step (first four parts) | %.1f | |%n", total);
  }
}
