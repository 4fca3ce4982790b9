package dev.nnet.spark;

import dev.nnet.compiler.model.ModelSpec;
import dev.nnet.runtime.Dataset;
import dev.nnet.runtime.data.PreparedData;
import dev.nnet.runtime.data.Source;
import dev.nnet.runtime.data.Target;
import java.io.PrintWriter;
import java.io.Serializable;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.IntStream;
import org.apache.spark.BarrierTaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import scala.collection.Iterator;
import scala.jdk.javaapi.CollectionConverters;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;
import scala.runtime.AbstractFunction1;

/**
 * Measures (not a test; run by hand, see benchmarks/RESULTS.md): the cost of one gradient exchange of the
 * Fashion-MNIST MLP (101,770 float32 values) between 2 tasks on local[2] through (1) Spark's barrier allGather,
 * (2) TCP between the tasks of a barrier stage, (3) one Spark job per step: the weights broadcast, then a
 * treeAggregate of the tasks' gradients to the driver; and the seconds an epoch of the MLP takes on 1 and 2 tasks in
 * both modes, from data prepared on the driver and from a {@code Dataset<Row>}.
 *
 * <p>{@code java -cp ... dev.nnet.spark.ExchangeBenchmark [epochs]}: with {@code epochs}, the epochs only.
 */
public final class ExchangeBenchmark {
  private static final int VALUES = 784 * 128 + 128 + 128 * 10 + 10;

  private ExchangeBenchmark() {}

  public static void main(String[] args) {
    SparkSession spark = LocalSpark.start(2);
    try {
      JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
      if (args.length > 0 && args[0].equals("epochs")) {
        epochs(spark);
        return;
      }
      exchanges(jsc, true, 5);
      System.out.printf(Locale.ROOT, "barrier allGather: %.1f ms a step%n", exchanges(jsc, true, 10));
      exchanges(jsc, false, 50);
      System.out.printf(Locale.ROOT, "TCP in a barrier stage: %.1f ms a step%n", exchanges(jsc, false, 300));
      treeAggregate(jsc, 10);
      System.out.printf(Locale.ROOT, "job per step (broadcast + treeAggregate): %.1f ms a step%n",
          treeAggregate(jsc, 50));
      epochs(spark);
    } finally {
      spark.stop();
    }
  }

  /** Milliseconds per exchange of {@link #VALUES} floats (as bytes) between 2 tasks of one barrier stage. */
  private static double exchanges(JavaSparkContext jsc, boolean barrier, int calls) {
    ClassTag<Double> tag = ClassTag$.MODULE$.apply(Double.class);
    var stage = jsc.parallelize(List.of(0, 1), 2).rdd().barrier().mapPartitions(new Exchanges(barrier, calls), false,
        tag);
    List<Double> ms = new JavaRDD<>(stage, tag).collect();
    return ms.get(0);
  }

  private static final class Exchanges extends AbstractFunction1<Iterator<Integer>, Iterator<Double>>
      implements Serializable {
    private final boolean barrier;
    private final int calls;

    Exchanges(boolean barrier, int calls) {
      this.barrier = barrier;
      this.calls = calls;
    }

    @Override
    public Iterator<Double> apply(Iterator<Integer> ignored) {
      BarrierExchange spark = new BarrierExchange(BarrierTaskContext.get());
      byte[] message = new byte[4 * VALUES + 4 * 1024];
      double ms;
      if (barrier) {
        long t = System.nanoTime();
        for (int i = 0; i < calls; i++) {
          spark.allGather(message);
        }
        ms = (System.nanoTime() - t) / 1e6 / calls;
      } else {
        try (SocketExchange tcp = new SocketExchange(spark, "127.0.0.1")) {
          long t = System.nanoTime();
          for (int i = 0; i < calls; i++) {
            tcp.allGather(message);
          }
          ms = (System.nanoTime() - t) / 1e6 / calls;
        }
      }
      return CollectionConverters.asScala(List.of(ms).iterator());
    }
  }

  /** Milliseconds per step of the job-per-step design: broadcast the weights, treeAggregate the gradients. */
  private static double treeAggregate(JavaSparkContext jsc, int steps) {
    JavaRDD<Integer> tasks = jsc.parallelize(List.of(0, 1), 2);
    float[] weights = new float[VALUES];
    long t = System.nanoTime();
    for (int s = 0; s < steps; s++) {
      Broadcast<float[]> w = jsc.broadcast(weights);
      float[] sum = tasks.treeAggregate(new float[VALUES], (acc, rank) -> {
        float[] current = w.value();
        for (int i = 0; i < acc.length; i++) {
          acc[i] += current[i] * 0.5f + rank; // stands for a gradient computed at these weights
        }
        return acc;
      }, (a, b) -> {
        for (int i = 0; i < a.length; i++) {
          a[i] += b[i];
        }
        return a;
      }, 2);
      weights[0] = sum[0] * 0;
      w.destroy();
    }
    return (System.nanoTime() - t) / 1e6 / steps;
  }

  /** Seconds an epoch of the Fashion-MNIST MLP (batch 128) takes in each mode on 1 and 2 tasks. */
  private static void epochs(SparkSession spark) {
    Path fashion = Path.of("/usr/share/datasets/fashion-mnist");
    Dataset train = new Source.Idx(fashion.resolve("train-images-idx3-ubyte.gz"),
        fashion.resolve("train-labels-idx1-ubyte.gz"), 1 / 255.0).load(new Target.Classes(10, List.of()), 784);
    ModelSpec model = LocalSpark.model("FashionMlp", "model FashionMlp\npackage dev.nnet.spark.bench\n"
        + "input [28, 28]\nflatten\ndense 128 relu\ndense 10 softmax\nloss sparse_categorical_crossentropy\n"
        + "metrics accuracy\noptimizer adam(learning_rate = 0.001)\ntrain { batch_size 128  epochs 2  seed 42 }\n");
    ModelClass compiled = ModelClass.compile(model);
    PreparedData prepared = new PreparedData(train, Optional.empty(), Optional.empty(), Optional.empty(),
        train.classes());
    // The same rows as a Dataset<Row> (2 partitions, made on the driver): what fit(Dataset<Row>) costs to prepare.
    org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> rows = LocalSpark.rows(spark, train, 2);
    StringWriter fromRows = new StringWriter();
    long start = System.nanoTime();
    SparkTrainer.Result fitted = new SparkTrainer(spark, compiled, new RowData(List.of("features"), "label", 1))
        .tasks(2).printTo(new PrintWriter(fromRows, true)).fit(rows);
    System.out.printf(Locale.ROOT, "2 tasks, synchronous, from a Dataset<Row>: %s wall %.1f s for 2 epochs;"
        + " in-task epoch seconds %s%n", fromRows.toString().replace("\n", " | "), (System.nanoTime() - start) / 1e9,
        fitted.history().epochs().stream().map(e -> String.format(Locale.ROOT, "%.2f", e.seconds())).toList());
    for (int tasks : new int[] {1, 2}) {
      for (int k : new int[] {0, 10}) {
        StringWriter out = new StringWriter();
        long t = System.nanoTime();
        SparkTrainer.Result r = new SparkTrainer(spark, compiled, new RowData(List.of("features"), "label", 1))
            .tasks(tasks).averageEvery(k).printTo(new PrintWriter(out, true)).fit(prepared);
        System.out.printf(Locale.ROOT, "%d task(s), %s: %s", tasks, k == 0 ? "synchronous" : "averaging K=" + k,
            out.toString().replace("\n", " | "));
        System.out.printf(Locale.ROOT, " wall %.1f s for 2 epochs (data broadcast included); in-task epoch seconds %s%n",
            (System.nanoTime() - t) / 1e9, IntStream.range(0, r.history().epochs().size())
            .mapToObj(e -> String.format(Locale.ROOT, "%.2f", r.history().epochs().get(e).seconds())).toList());
      }
    }
  }
}
