package dev.nnet.benchmarks;

import dev.nnet.benchmarks.ResultsTable.Row;
import dev.nnet.runtime.Dataset;
import dev.nnet.runtime.Network;
import dev.nnet.runtime.Parameter;
import dev.nnet.runtime.blas.MatMul;
import dev.nnet.runtime.optim.Optimizer;
import dev.nnet.runtime.train.EpochRecord;
import dev.nnet.runtime.train.Evaluator;
import dev.nnet.runtime.train.Trainer;
import dev.nnet.runtime.train.TrainingListener;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * The end-to-end benchmark of issue 5: training epochs and batch-1 latency of the Fashion-MNIST sample
 * (784 → dense 128 relu → dense 10 softmax, adam 0.001), 200 epochs of the iris sample in-process, and the whole
 * {@code nnet train} of iris with JVM start; where PyTorch or scikit-learn are installed, the same run times them
 * on the same model and prints the ratios. Prints a Markdown table of each figure next to its target.
 *
 * <p>Each sample is checked, generated and compiled by the real compiler, its data loaded in memory by the runtime's
 * pipeline, and trained by the real {@code Trainer} and optimizer; an epoch's time is the trainer's own (the training
 * loop: shuffling, batches, forward, backward, update, training metrics). Figures are medians: epochs 2..N, batch-1
 * calls after as many warm-up calls, iris runs after the first.
 *
 * <pre>
 * OPENBLAS_NUM_THREADS=1 java --add-modules jdk.incubator.vector -XX:PerMethodTrapLimit=1000 -XX:+UseParallelGC \
 *     -XX:+UseTransparentHugePages \
 *     -cp benchmarks/target/benchmarks.jar dev.nnet.benchmarks.EndToEnd [--threads 2] [--matmul auto] [--epochs 10]
 *     [--peer-epochs 5] [--no-peers] [--only fashion32,fashion128,latency,alloc,iris,cli]
 * </pre>
 *
 * Run from the repository root (the samples' paths are relative to it). Never run by the build.
 */
public final class EndToEnd {
  private static final Path FASHION = Path.of("samples/fashion_mlp/fashion_mlp.nnet");
  private static final Path IRIS = Path.of("samples/iris/iris.nnet");
  private static final Path IRIS_CSV = Path.of("samples/iris/iris.csv");
  private static final Path PEER_SCRIPT = Path.of("benchmarks/peers/peer_mlp.py");
  private static final Path LAUNCHER = Path.of("nnet");

  private int threads = 2;
  private String matmul = "auto";
  private int epochs = 10;
  private int peerEpochs = 5;
  private int irisRuns = 7;
  private int cliRuns = 5;
  private int latencyCalls = 20_000;
  private boolean peers = true;
  private Set<String> only = Set.of("fashion32", "fashion128", "latency", "alloc", "iris", "cli");

  private final ResultsTable table = new ResultsTable();

  /** The machine's float32 FMA peak over all processors, GFLOP/s; NaN until measured. */
  private double peak = Double.NaN;

  private EndToEnd() {}

  public static void main(String[] args) throws Exception {
    EndToEnd e = new EndToEnd();
    e.parse(args);
    e.run();
  }

  private void parse(String[] args) {
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "--threads" -> threads = Integer.parseInt(args[++i]);
        case "--matmul" -> matmul = args[++i];
        case "--epochs" -> epochs = Integer.parseInt(args[++i]);
        case "--peer-epochs" -> peerEpochs = Integer.parseInt(args[++i]);
        case "--iris-runs" -> irisRuns = Integer.parseInt(args[++i]);
        case "--cli-runs" -> cliRuns = Integer.parseInt(args[++i]);
        case "--latency-calls" -> latencyCalls = Integer.parseInt(args[++i]);
        case "--no-peers" -> peers = false;
        case "--only" -> only = Set.of(args[++i].split(","));
        default -> throw new IllegalArgumentException("unknown option " + a + "; see EndToEnd's Javadoc");
      }
    }
  }

  private void run() throws Exception {
    MatMul.select(matmul, threads);
    System.out.printf("# nnet end to end, %s%n", LocalDate.now());
    int cpus = Runtime.getRuntime().availableProcessors();
    System.out.printf("machine: %s, %d processors; %s %s%n", Machine.cpuModel(), cpus,
        System.getProperty("java.vm.name"), System.getProperty("java.version"));
    System.out.printf("matmul: %s; load average before: %s%n", MatMul.describe(), Machine.loadAverage());
    double peakOne = Peak.gflops(1, 300);
    peak = Peak.gflops(cpus, 300);
    System.out.printf(Locale.ROOT,
        "float32 FMA peak (Vector API, %d-bit vectors, 12 accumulators): %.0f GFLOP/s on 1 thread, %.0f on %d%n",
        Peak.vectorBits(), peakOne, peak, cpus);
    Peer torch = Peer.torch(PEER_SCRIPT);
    Peer sklearn = Peer.sklearn(PEER_SCRIPT);
    boolean hasTorch = peers && torch.available();
    boolean hasSklearn = peers && sklearn.available();
    System.out.printf("peers: PyTorch %s, scikit-learn %s%n%n", hasTorch ? "yes" : "no", hasSklearn ? "yes" : "no");

    if (only.contains("fashion32") || only.contains("fashion128") || only.contains("latency")
        || only.contains("alloc")) {
      Sample fashion = Sample.load(FASHION);
      double lr = fashion.optimizer().learningRate();
      if (only.contains("fashion32") || only.contains("latency")) {
        Network net = fashionEpochs(fashion, 32, 0.30,
            hasTorch ? torch.run("fashion", IRIS_CSV, 32, peerEpochs, threads, lr, latencyCalls) : Optional.empty(),
            hasSklearn ? sklearn.run("fashion", IRIS_CSV, 32, peerEpochs, 1, lr, 0) : Optional.empty());
        if (only.contains("latency")) {
          latency(fashion, net,
              hasTorch ? torch.run("fashion", IRIS_CSV, 32, 1, 1, lr, latencyCalls) : Optional.empty());
        }
      }
      if (only.contains("fashion128")) {
        fashionEpochs(fashion, 128, 0.17,
            hasTorch ? torch.run("fashion", IRIS_CSV, 128, peerEpochs, threads, lr, 0) : Optional.empty(),
            Optional.empty());
      }
      if (only.contains("alloc")) {
        allocation(fashion, 32);
      }
    }
    if (only.contains("iris")) {
      Sample iris = Sample.load(IRIS);
      double lr = iris.optimizer().learningRate();
      // PyTorch at its fastest for a model this small: one thread (more only adds synchronization).
      iris(iris,
          hasTorch ? torch.run("iris", IRIS_CSV, 16, 200, 1, lr, 0) : Optional.empty(),
          hasSklearn ? sklearn.run("iris", IRIS_CSV, 16, 200, 1, lr, 0) : Optional.empty());
    }
    if (only.contains("cli")) {
      cli();
    }
    System.out.printf("%nload average after: %s%n%n", Machine.loadAverage());
    table.print(peak);
  }

  /** Trains the Fashion-MNIST model at {@code batch}; records the median epoch, test accuracy and peak heap. */
  private Network fashionEpochs(Sample s, int batch, double target, Optional<Peer.Result> torch,
      Optional<Peer.Result> sklearn) throws ReflectiveOperationException {
    Network net = s.network(batch);
    List<MemoryPoolMXBean> heap = heapPools();
    // Loading the data leaves its buffers (the IDX files' bytes, read whole) in the old generation until a full
    // collection, which may come only during training: without this the figure counted them beside the floats.
    System.gc();
    heap.forEach(MemoryPoolMXBean::resetPeakUsage);
    Trainer trainer = new Trainer(net, s.optimizer().create(), s.task(), s.metricKeys(), s.training(batch, epochs));
    List<Double> seconds = new ArrayList<>();
    List<Double> cpu = new ArrayList<>();
    var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    trainer.fit(s.data.train(), Optional.empty(), new TrainingListener() {
      long cpuStart;

      @Override
      public void onEpochStart(int epoch, int total) {
        cpuStart = os.getProcessCpuTime();
      }

      @Override
      public void onEpochEnd(EpochRecord r) {
        seconds.add(r.seconds());
        cpu.add((os.getProcessCpuTime() - cpuStart) / 1e9);
        System.out.printf(Locale.ROOT, "  fashion batch %d epoch %d: %.3f s (process CPU %.3f s), loss %.4f%n", batch,
            r.epoch(), r.seconds(), cpu.get(cpu.size() - 1), r.get("loss"));
      }
    });
    long peak = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
    double accuracy = new Evaluator(net, s.task(), List.of("accuracy"))
        .evaluate(s.data.test().orElseThrow()).metrics().get("accuracy");
    double median = medianAfterFirst(seconds);
    double cpuPerEpoch = medianAfterFirst(cpu);
    String note = String.format(Locale.ROOT, "median of epochs 2..%d; process CPU %.3f s/epoch, CPU/wall %.2f",
        epochs, cpuPerEpoch, cpuPerEpoch / median);
    double gflops = s.data.train().rows() * trainingFlop(net) / median / 1e9;
    table.add(new Row("Fashion-MNIST, batch " + batch + ", " + threads + " threads", "s/epoch", median, target, true,
        get(torch, Peer.Result::medianEpochSeconds), get(sklearn, Peer.Result::medianEpochSeconds), note, gflops));
    if (batch == 32) {
      table.add(new Row("Fashion-MNIST test accuracy after " + epochs + " epochs of batch 32", "", accuracy, 0.875,
          false, get(torch, Peer.Result::testAccuracy), get(sklearn, Peer.Result::testAccuracy),
          "peers after " + peerEpochs + " epochs"));
      table.add(new Row("Fashion-MNIST training, peak heap", "MB", peak / 1e6, 600, true, Double.NaN, Double.NaN,
          "sum of the heap pools' peaks from a full collection after loading, data included"));
    }
    return net;
  }

  /** Median time of one {@code predict} call on test samples, after as many warm-up calls. */
  private void latency(Sample s, Network net, Optional<Peer.Result> torch) {
    Dataset test = s.data.test().orElseThrow();
    int size = test.featureSize();
    float[] result = new float[net.outputSize()];
    float[][] samples = new float[Math.min(test.rows(), 1000)][];
    for (int i = 0; i < samples.length; i++) {
      samples[i] = new float[size];
      test.copyFeatures(i * size, samples[i], 0, size);
    }
    long[] times = new long[latencyCalls];
    for (int round = 0; round < 2; round++) {
      for (int i = 0; i < latencyCalls; i++) {
        long t0 = System.nanoTime();
        s.predict(net, samples[i % samples.length], result);
        times[i] = System.nanoTime() - t0;
      }
    }
    Arrays.sort(times);
    double micros = times[times.length / 2] / 1e3;
    table.add(new Row("Fashion-MNIST batch-1 inference", "µs", micros, 3, true,
        get(torch, Peer.Result::latencyMicros), Double.NaN,
        String.format(Locale.ROOT, "median of %,d calls after %,d warm-up; PyTorch 1 thread, no_grad", latencyCalls,
            latencyCalls), forwardFlop(net) / micros / 1e3));
  }

  /** Bytes the calling thread allocates per training step, over 1,000 steps after a warm-up epoch. */
  private void allocation(Sample s, int batch) throws ReflectiveOperationException {
    Network net = s.network(batch);
    Optimizer opt = s.optimizer().create();
    Dataset train = s.data.train();
    int[] order = new int[train.rows()];
    Arrays.setAll(order, i -> i);
    int steps = train.rows() / batch;
    for (int i = 0; i < steps; i++) {
      step(net, opt, train, order, i * batch, batch);
    }
    var threadBean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long id = Thread.currentThread().getId();
    long before = threadBean.getThreadAllocatedBytes(id);
    for (int i = 0; i < 1000; i++) {
      step(net, opt, train, order, (i % steps) * batch, batch);
    }
    double perStep = (threadBean.getThreadAllocatedBytes(id) - before) / 1000.0;
    table.add(new Row("Fashion-MNIST training step, allocation", "bytes/step", perStep, 0, true, Double.NaN,
        Double.NaN, "load, forward, backward, adam; 1,000 steps of batch " + batch));
  }

  private static void step(Network net, Optimizer opt, Dataset train, int[] order, int from, int n) {
    net.loadBatch(train, order, from, n);
    net.forward(true);
    net.backward();
    opt.step(net.parameters());
  }

  /** 200 epochs of batch 16 on iris, in-process: the first run (cold JIT) and the median of the others. */
  private void iris(Sample s, Optional<Peer.Result> torch, Optional<Peer.Result> sklearn)
      throws ReflectiveOperationException {
    List<Double> runs = new ArrayList<>();
    for (int r = 0; r < irisRuns; r++) {
      Network net = s.network(16);
      Trainer trainer = new Trainer(net, s.optimizer().create(), s.task(), s.metricKeys(), s.training(16, 200));
      long t0 = System.nanoTime();
      trainer.fit(s.data.train(), Optional.empty(), new TrainingListener() {});
      runs.add((System.nanoTime() - t0) / 1e9);
    }
    System.out.printf(Locale.ROOT, "  iris 200 epochs: runs %s s%n", format(runs));
    double seconds = medianAfterFirst(runs);
    Network net = s.network(16);
    table.add(new Row("Iris, 200 epochs of batch 16, in-process", "s", seconds, 0.04, true,
        get(torch, Peer.Result::fitSeconds), get(sklearn, Peer.Result::fitSeconds),
        String.format(Locale.ROOT, "median of runs 2..%d; first (cold JIT) %.3f s; PyTorch 1 thread", irisRuns,
            runs.get(0)), 200.0 * s.data.train().rows() * trainingFlop(net) / seconds / 1e9));
  }

  /** The whole {@code ./nnet train samples/iris/iris.nnet}, JVM start included, once the tool is built. */
  private void cli() throws IOException, InterruptedException {
    if (!Files.isExecutable(LAUNCHER)) {
      System.out.println("  no ./nnet here: the command-line figure is skipped");
      return;
    }
    Path out = Files.createTempFile("nnet-bench-iris", ".weights");
    List<Double> runs = new ArrayList<>();
    for (int r = 0; r < cliRuns + 1; r++) {
      long t0 = System.nanoTime();
      Process p = new ProcessBuilder(LAUNCHER.toAbsolutePath().toString(), "train", IRIS.toString(), "-o",
          out.toString()).redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      if (p.waitFor() != 0) {
        System.out.println("  ./nnet train failed (exit " + p.exitValue() + ")");
        return;
      }
      runs.add((System.nanoTime() - t0) / 1e9);
    }
    Files.deleteIfExists(out);
    System.out.printf(Locale.ROOT, "  ./nnet train iris: runs %s s%n", format(runs));
    // The first run may build the tool or fill the compiled-class cache; the figure is for a built tool.
    table.add(new Row("`./nnet train samples/iris/iris.nnet`, wall", "s", medianAfterFirst(runs), 1, true,
        Double.NaN, Double.NaN, "median of runs 2.." + (cliRuns + 1) + ", JVM start included"));
  }

  /**
   * Float32 operations of one sample's prediction: {@code 2·in·out} for each dense kernel (every two-dimensional
   * parameter, in order). The samples timed here are MLPs; bias and activation passes are not counted.
   */
  private static double forwardFlop(Network net) {
    double flop = 0;
    for (Parameter p : net.parameters()) {
      if (p.shape().length == 2) {
        flop += 2.0 * p.shape()[0] * p.shape()[1];
      }
    }
    return flop;
  }

  /**
   * Float32 operations of one sample's training step: the forward products, the kernels' gradients (as many again),
   * and the input gradients of every dense layer but the first (whose input needs none): 24.5 GFLOP per Fashion-MNIST
   * epoch of 60,000 rows.
   */
  private static double trainingFlop(Network net) {
    double flop = 0;
    boolean first = true;
    for (Parameter p : net.parameters()) {
      if (p.shape().length == 2) {
        flop += (first ? 4.0 : 6.0) * p.shape()[0] * p.shape()[1];
        first = false;
      }
    }
    return flop;
  }

  private static double get(Optional<Peer.Result> r, java.util.function.Function<Peer.Result, OptionalDouble> f) {
    return r.map(f).filter(OptionalDouble::isPresent).map(OptionalDouble::getAsDouble).orElse(Double.NaN);
  }

  /** The median of all values but the first (the first epoch or run includes JIT compilation). */
  static double medianAfterFirst(List<Double> values) {
    List<Double> rest = new ArrayList<>(values.size() > 1 ? values.subList(1, values.size()) : values);
    rest.sort(null);
    int n = rest.size();
    return n % 2 == 1 ? rest.get(n / 2) : (rest.get(n / 2 - 1) + rest.get(n / 2)) / 2;
  }

  private static String format(List<Double> values) {
    return String.join(" ", values.stream().map(v -> String.format(Locale.ROOT, "%.3f", v)).toList());
  }

  private static List<MemoryPoolMXBean> heapPools() {
    return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP).toList();
  }
}
