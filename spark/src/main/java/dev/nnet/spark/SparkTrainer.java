package dev.nnet.spark;

import dev.nnet.cli.EpochPrinter;
import dev.nnet.runtime.Dataset;
import dev.nnet.runtime.Network;
import dev.nnet.runtime.checkpoint.Checkpoint;
import dev.nnet.runtime.checkpoint.Checkpoints;
import dev.nnet.runtime.data.DataPipeline;
import dev.nnet.runtime.data.PreparedData;
import dev.nnet.runtime.data.Target;
import dev.nnet.runtime.metrics.TaskType;
import dev.nnet.runtime.train.EpochRecord;
import dev.nnet.runtime.train.Evaluation;
import dev.nnet.runtime.train.Evaluator;
import dev.nnet.runtime.train.History;
import dev.nnet.runtime.train.TrainingState;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;

/**
 * Trains an nnet model data-parallel on a Spark cluster, in synchronous mode: every step, each of the stage's tasks
 * computes the gradient of its share of the global batch and the gradients are combined in a fixed order (see
 * {@link SynchronousNetwork}), so the run is {@code ./nnet train}'s at the same global batch and seed, up to float
 * rounding.
 *
 * <p>The driver collects and prepares the data (shuffle with the seed, splits, standardization fitted on the
 * training part: the runtime's {@link DataPipeline}) and broadcasts it; each epoch is one barrier stage of
 * {@link #tasks} tasks that stay alive for the epoch and exchange gradients every step through
 * {@code BarrierTaskContext.allGather}. Between epochs the driver holds the run's checkpoint, so a stage that fails
 * (a task, a lost executor) is rerun by Spark from the last epoch's end.
 *
 * <pre>{@code
 * SparkTrainer trainer = new SparkTrainer(spark, ModelClass.compile(model), TrainingSetup.of(model),
 *     new RowData(List.of("features"), "label", 1.0));
 * SparkTrainer.Result result = trainer.fit(trainRows, Optional.of(testRows));
 * Checkpoints.save(Path.of("model.weights"), result.weights());
 * }</pre>
 */
public final class SparkTrainer {
  private final SparkSession spark;
  private final ModelClass model;
  private final TrainingSetup setup;
  private final RowData columns;
  private int tasks;
  private double testSplit;
  private double validationSplit;
  private boolean standardize;
  private Map<String, String> metadata = Map.of();
  private PrintWriter out = new PrintWriter(System.out, true);
  private EpochTask.Transport transport = EpochTask.Transport.SOCKETS;

  /** A trainer with {@code spark}'s default parallelism as the number of tasks, no splits, no standardization. */
  public SparkTrainer(SparkSession spark, ModelClass model, TrainingSetup setup, RowData columns) {
    this.spark = spark;
    this.model = model;
    this.setup = setup;
    this.columns = columns;
    this.tasks = spark.sparkContext().defaultParallelism();
  }

  /** The number of tasks of each epoch's barrier stage: the cluster needs as many free slots (cores) at once. */
  public SparkTrainer tasks(int tasks) {
    if (tasks < 1) {
      throw new IllegalArgumentException("tasks must be at least 1, got " + tasks);
    }
    this.tasks = tasks;
    return this;
  }

  /** Fractions held out as in a model's data block: {@code test split} and the training block's validation split. */
  public SparkTrainer splits(double testSplit, double validationSplit) {
    this.testSplit = testSplit;
    this.validationSplit = validationSplit;
    return this;
  }

  /** Standardize features with statistics of the training part (a model's {@code standardize}). */
  public SparkTrainer standardize(boolean standardize) {
    this.standardize = standardize;
    return this;
  }

  /** Strings saved in the weights file ({@code model}: the model file's name, as {@code ./nnet train} saves it). */
  public SparkTrainer metadata(Map<String, String> metadata) {
    this.metadata = Map.copyOf(metadata);
    return this;
  }

  /**
   * Exchange gradients through Spark's own {@code BarrierTaskContext.allGather} every step instead of TCP between
   * the tasks: the same results, at least a second a step (for measuring it).
   */
  public SparkTrainer barrierAllGather(boolean every) {
    this.transport = every ? EpochTask.Transport.BARRIER : EpochTask.Transport.SOCKETS;
    return this;
  }

  /** Where the per-epoch lines and the test line go (standard output by default). */
  public SparkTrainer printTo(PrintWriter out) {
    this.out = out;
    return this;
  }

  /** What a run gives: the history, the test metrics (empty without test data) and the weights to save. */
  public record Result(History history, Map<String, Double> testMetrics, Checkpoint weights) {}

  /** Collects {@code rows}, prepares them with the configured splits and trains. */
  public Result fit(org.apache.spark.sql.Dataset<Row> rows) {
    return fit(rows, Optional.empty());
  }

  /** As {@link #fit(org.apache.spark.sql.Dataset)}, with a separate test set instead of a test split. */
  public Result fit(org.apache.spark.sql.Dataset<Row> rows, Optional<org.apache.spark.sql.Dataset<Row>> testRows) {
    Network probe = model.instantiate(1);
    Target target = target(probe);
    Dataset all = columns.collect(rows, target, probe.inputSize(), "the training data");
    Optional<Dataset> test = testRows.map(t -> columns.collect(t,
        target instanceof Target.Classes c ? new Target.Classes(c.count(), all.classes()) : target,
        probe.inputSize(), "the test data"));
    return fit(DataPipeline.prepare(all, test, test.isPresent() ? 0 : testSplit, validationSplit, standardize,
        setup.training().seed(), "the training data"));
  }

  /** Trains on data already prepared (the model's own data block, read as {@code ./nnet train} reads it). */
  public Result fit(PreparedData prepared) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Broadcast<Samples> train = jsc.broadcast(new Samples(prepared.train()));
    Broadcast<Samples> validation = prepared.validation().map(v -> jsc.broadcast(new Samples(v))).orElse(null);
    EpochPrinter printer = new EpochPrinter(out);
    int epochs = setup.training().epochs();
    byte[] state = new byte[0];
    ClassTag<EpochTask.Result> tag = ClassTag$.MODULE$.apply(EpochTask.Result.class);
    List<Integer> ranks = IntStream.range(0, tasks).boxed().toList();
    try {
      for (int epoch = 1; ; epoch++) {
        Broadcast<byte[]> previous = jsc.broadcast(state);
        EpochTask task = new EpochTask(model, setup, train, validation, previous, transport);
        RDD<Integer> stage = jsc.parallelize(ranks, tasks).rdd();
        List<EpochTask.Result> results = new JavaRDD<>(stage.barrier().mapPartitions(task, false, tag), tag).collect();
        previous.destroy();
        EpochTask.Result first = results.get(0);
        if (first.failure() != null) {
          throw new IllegalStateException(first.failure());
        }
        state = first.checkpoint();
        TrainingState run = Checkpoints.fromBytes(state, "epoch " + epoch).trainingState().orElseThrow();
        EpochRecord record = run.history().get(run.history().size() - 1);
        printer.onEpochStart(record.epoch(), epochs);
        printer.onEpochEnd(record);
        if (first.finished()) {
          break;
        }
      }
    } finally {
      train.destroy();
      if (validation != null) {
        validation.destroy();
      }
    }
    Checkpoint last = Checkpoints.fromBytes(state, "the last epoch");
    TrainingState run = last.trainingState().orElseThrow();
    Network net = model.instantiate(setup.training().batchSize());
    Checkpoints.restore(last, net, "the last epoch");
    History history = new History(run.history(), run.history().size() < epochs, run.earlyStopping().bestEpoch());
    printer.onTrainEnd(history);

    Map<String, Double> testMetrics = new LinkedHashMap<>();
    if (prepared.test().isPresent()) {
      Evaluation e = new Evaluator(net, setup.task(), setup.metricKeys()).evaluate(prepared.test().get());
      testMetrics.put("loss", e.loss());
      testMetrics.putAll(e.metrics());
      out.println("test: " + EpochPrinter.format(testMetrics));
      out.flush();
    }
    Checkpoint weights = Checkpoints.capture(net,
        prepared.standardizer().map(Checkpoint::arraysOf).orElse(Map.of()), prepared.classes(), metadata,
        Optional.empty());
    return new Result(history, testMetrics, weights);
  }

  private Target target(Network net) {
    TaskType task = setup.task();
    if (task == TaskType.REGRESSION) {
      return new Target.Regression(net.outputSize());
    }
    return new Target.Classes(task.classes(net.outputSize()), List.of());
  }

}
