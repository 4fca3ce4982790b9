package dev.nnet.benchmarks;

import dev.nnet.runtime.Dataset;
import dev.nnet.runtime.Rng;
import dev.nnet.runtime.blas.Parallel;
import dev.nnet.runtime.kernel.Batches;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * An experiment for issue 17, not part of nnet: what loading a batch of 128 Fashion-MNIST rows costs on two threads
 * when each thread writes half of every row (the runtime's split, {@code FloatNetwork.gatherInput}: the halves in
 * which the first layer's products read the batch), against splits in which the two threads write apart. Each
 * variant gathers a shuffled batch from the bytes of the training set ("cold": rows not read recently) and then the
 * same batch again ("hot"), with the runtime's kernel ({@code Batches.gather}):
 *
 * <ul>
 *   <li>columns, one buffer: each thread its half of every row's columns, into the same {@code [128 × 784]} array;
 *   <li>columns, two buffers: the same, but the worker's half into an array of its own with the same layout;
 *   <li>rows: each thread all columns of its own 64 rows, each into an array of its own;
 *   <li>one thread: the first half of every row's columns, the worker idle.
 * </ul>
 *
 * Prints each round's medians in µs, variants interleaved within the round.
 *
 * <pre>
 * OPENBLAS_NUM_THREADS=1 java --add-modules jdk.incubator.vector -XX:PerMethodTrapLimit=1000 -XX:+UseParallelGC \
 *     -XX:+UseTransparentHugePages -cp benchmarks/target/benchmarks.jar dev.nnet.benchmarks.GatherSplit [rounds]
 * </pre>
 *
 * Run from the repository root. Never run by the build.
 */
public final class GatherSplit {
  private static final int BATCH = 128;
  private static final int STEPS = 2_000;

  private GatherSplit() {}

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    Dataset train = Sample.load(Path.of("samples/fashion_mlp/fashion_mlp.nnet")).data.train();
    Dataset.ByteFeatures bytes = train.bytes();
    int size = train.featureSize();
    int half = size / 2;
    int[] order = new int[train.rows()];
    Arrays.setAll(order, i -> i);
    new Rng(42).shuffle(order); // rows from all over memory, as in training
    float[] batch = new float[BATCH * size];
    float[] workerColumns = new float[BATCH * size];
    float[][] rowHalves = {new float[BATCH / 2 * size], new float[BATCH / 2 * size]};
    int[] from = new int[1];
    Parallel.Job[] jobs = {
      (part, parts) -> Batches.gather(bytes.values(), bytes.scale(), size, order, from[0], BATCH, batch,
          part * half, part == 0 ? half : size),
      (part, parts) -> Batches.gather(bytes.values(), bytes.scale(), size, order, from[0], BATCH,
          part == 0 ? batch : workerColumns, part * half, part == 0 ? half : size),
      (part, parts) -> Batches.gather(bytes.values(), bytes.scale(), size, order, from[0] + part * BATCH / 2,
          BATCH / 2, rowHalves[part], 0, size),
      null, // one thread: run in the caller alone
    };
    String[] names = {"columns, one buffer", "columns, two buffers", "rows", "one thread, half the columns"};
    Parallel team = Parallel.shared(2);
    int perEpoch = train.rows() / BATCH;
    System.out.printf("%s; load average %s%n", Machine.cpuModel(), Machine.loadAverage());
    System.out.println("| round | " + String.join(" | ", names) + " |");
    System.out.println("|---|---|---|---|---|");
    long[][][] nanos = new long[names.length][2][STEPS];
    for (int round = 0; round <= rounds; round++) { // round 0 warms the JIT up and is not printed
      for (int i = 0; i < STEPS; i++) {
        for (int v = 0; v < names.length; v++) {
          from[0] = ((i * names.length + v) % perEpoch) * BATCH; // each variant's cold pass a batch of its own
          for (int pass = 0; pass < 2; pass++) {
            long t0 = System.nanoTime();
            if (jobs[v] == null) {
              Batches.gather(bytes.values(), bytes.scale(), size, order, from[0], BATCH, batch, 0, half);
            } else {
              team.run(jobs[v], 2);
            }
            nanos[v][pass][i] = System.nanoTime() - t0;
          }
        }
      }
      if (round > 0) {
        StringBuilder line = new StringBuilder("| " + round + " |");
        for (long[][] variant : nanos) {
          line.append(String.format(Locale.ROOT, " cold %.1f, hot %.1f |", StepBreakdown.median(variant[0]),
              StepBreakdown.median(variant[1])));
        }
        System.out.println(line);
      }
    }
  }
}
