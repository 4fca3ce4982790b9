package dev.nnet.spark;

import dev.nnet.cli.EpochPrinter;
import dev.nnet.runtime.Network;
import dev.nnet.runtime.checkpoint.Checkpoint;
import dev.nnet.runtime.checkpoint.Checkpoints;
import dev.nnet.runtime.data.DataBlock;
import dev.nnet.runtime.data.DataPipeline;
import dev.nnet.runtime.data.PreparedData;
import dev.nnet.runtime.data.Source;
import dev.nnet.runtime.data.Tokenizer;
import dev.nnet.runtime.data.Vocabulary;
import dev.nnet.runtime.train.EpochRecord;
import dev.nnet.runtime.train.History;
import dev.nnet.runtime.train.TrainingPlan;
import dev.nnet.runtime.train.TrainingState;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.SparkException;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
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
 * <p>The data is prepared across the cluster as the runtime's {@link DataPipeline} prepares it on one machine
 * (shuffle with the seed, splits, standardization and a text model's vocabulary fitted on the training part:
 * {@link DistributedData}) into one
 * shard per task, kept on the executors; the driver holds one int per row. Each epoch is one barrier stage of
 * {@link #tasks} tasks over the shards that stay alive for the epoch and exchange gradients every step through TCP
 * (found through {@code BarrierTaskContext.allGather}); a last stage evaluates the test part. Between epochs the
 * driver holds the run's checkpoint, so a stage that fails (a task, a lost executor) is run again from the last
 * epoch's end, up to {@link #MAX_EPOCH_FAILURES} times in a run.
 *
 * <p>The optimizer, task, metrics and training settings are the model's training plan, which the generated class
 * carries; {@link #epochs}, {@link #batchSize} and {@link #seed} change it as {@code ./nnet train}'s options do.
 *
 * <pre>{@code
 * SparkTrainer trainer = new SparkTrainer(spark, ModelClass.compile(model),
 *     new RowData(List.of("features"), "label", 1.0)).epochs(5);
 * SparkTrainer.Result result = trainer.fit(trainRows, Optional.of(testRows));
 * Checkpoints.save(Path.of("model.weights"), result.weights());
 * }</pre>
 */
public final class SparkTrainer {
  /** How many times in a run an epoch's stage may fail (a lost executor, a killed task) and be run again. */
  static final int MAX_EPOCH_FAILURES = 3;

  private final SparkSession spark;
  private final ModelClass model;
  private final TrainingPlan planned;
  private final RowData columns;
  private PlanOverrides overrides = PlanOverrides.NONE;
  private int tasks;
  private double testSplit;
  private double validationSplit;
  private boolean standardize;
  private Optional<Tokenizer> tokenizer;
  private Map<String, String> metadata = Map.of();
  private PrintWriter out = new PrintWriter(System.out, true);
  private EpochTask.Transport transport = EpochTask.Transport.SOCKETS;
  private int averageEvery;
  private String checkpoints;

  /**
   * A trainer with {@code spark}'s default parallelism as the number of tasks, and the splits and standardization
   * of the model's data block (none without one) and {@code train} block.
   */
  public SparkTrainer(SparkSession spark, ModelClass model, RowData columns) {
    this.spark = spark;
    this.model = model;
    this.planned = model.plan();
    this.columns = columns;
    this.tasks = spark.sparkContext().defaultParallelism();
    this.testSplit = planned.data().map(DataBlock::testSplit).orElse(0.0);
    this.validationSplit = planned.validationSplit();
    this.standardize = planned.data().map(DataBlock::standardize).orElse(false);
    this.tokenizer = planned.data().map(DataBlock::train)
        .filter(s -> s instanceof Source.Text).map(s -> ((Source.Text) s).tokenizer());
  }

  /** Trains {@code epochs} epochs instead of the model's ({@code ./nnet train --epochs}). */
  public SparkTrainer epochs(int epochs) {
    overrides = new PlanOverrides(epochs, overrides.batchSize(), overrides.seed());
    return this;
  }

  /** A global batch of {@code batchSize} samples, split among the tasks ({@code ./nnet train --batch-size}). */
  public SparkTrainer batchSize(int batchSize) {
    overrides = new PlanOverrides(overrides.epochs(), batchSize, overrides.seed());
    return this;
  }

  /** Another seed for the initial weights, shuffling and splits ({@code ./nnet train --seed}). */
  public SparkTrainer seed(long seed) {
    overrides = new PlanOverrides(overrides.epochs(), overrides.batchSize(), seed);
    return this;
  }

  /** The model's training plan with this trainer's epochs, batch size and seed. */
  public TrainingPlan plan() {
    return overrides.applyTo(planned);
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

  /**
   * Read the feature column as text, tokenized as {@code tokenizer} says with a vocabulary fitted on the training
   * part across the cluster (a model's {@code input text(...)}; by default the tokenizer of the model's data block,
   * when it reads text). The vocabulary is saved with the weights.
   */
  public SparkTrainer text(Tokenizer tokenizer) {
    this.tokenizer = Optional.of(tokenizer);
    return this;
  }

  /** Strings saved in the weights file ({@code model}: the model file's name, as {@code ./nnet train} saves it). */
  public SparkTrainer metadata(Map<String, String> metadata) {
    this.metadata = Map.copyOf(metadata);
    return this;
  }

  /**
   * Periodic averaging instead of synchronous training: each task trains its own shard of the training set (rows
   * rank, rank + P, ...; up to P − 1 rows left out so that all have as many steps) with batches of the global batch
   * divided by P, and every {@code k} steps and at the end of every epoch the weights and the optimizer's state are
   * averaged over the tasks ({@link AveragingOptimizer}). The training loss and metrics printed are the tasks' mean;
   * validation runs on the averaged model. Depends on the number of tasks; 0 turns it off (synchronous mode).
   */
  public SparkTrainer averageEvery(int k) {
    if (k < 0) {
      throw new IllegalArgumentException("average every K steps needs K >= 1 (0: synchronous), got " + k);
    }
    this.averageEvery = k;
    return this;
  }

  /**
   * Saves the run at the end of every epoch in {@code folder} (any path Spark's Hadoop configuration can write:
   * local, hdfs://, s3a://), and starts from what it holds when it holds a run: a driver restarted with the same
   * data and settings continues after the last completed epoch. (A failed task or lost executor needs no restart:
   * Spark reruns the epoch's stage from the state the driver holds.)
   */
  public SparkTrainer checkpointTo(String folder) {
    this.checkpoints = folder;
    return this;
  }

  /**
   * Exchange gradients through Spark's own {@code BarrierTaskContext.allGather} every step instead of TCP between
   * the tasks: the same results, up to a second a step (for measuring it).
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

  /** Prepares {@code rows} across the cluster with the configured splits and trains. */
  public Result fit(org.apache.spark.sql.Dataset<Row> rows) {
    return fit(rows, Optional.empty());
  }

  /**
   * As {@link #fit(org.apache.spark.sql.Dataset)}, with a separate test set instead of a test split. The rows stay
   * on the executors: see {@link DistributedData}.
   */
  public Result fit(org.apache.spark.sql.Dataset<Row> rows, Optional<org.apache.spark.sql.Dataset<Row>> testRows) {
    Network probe = model.instantiate(1);
    DistributedData data = DistributedData.prepare(jsc(), rows, testRows, columns,
        plan().target(probe.outputSize()), probe.inputSize(), probe.vocabularySize(), tokenizer,
        testRows.isPresent() ? 0 : testSplit, validationSplit, standardize, plan().train().seed(), tasks,
        averageEvery > 0);
    return train(data);
  }

  /**
   * Trains on data already prepared on the driver (the model's own data block, read as {@code ./nnet train} reads
   * it): it is broadcast once and sharded on the executors.
   */
  public Result fit(PreparedData prepared) {
    return train(DistributedData.prepare(jsc(), prepared, tasks, averageEvery > 0));
  }

  private JavaSparkContext jsc() {
    return JavaSparkContext.fromSparkContext(spark.sparkContext());
  }

  private Result train(DistributedData data) {
    try {
      return run(data);
    } finally {
      data.release();
    }
  }

  private Result run(DistributedData data) {
    TrainingPlan plan = plan();
    JavaSparkContext jsc = jsc();
    EpochPrinter printer = new EpochPrinter(out);
    int epochs = plan.train().epochs();
    RunCheckpoints saved = checkpoints == null ? null
        : new RunCheckpoints(checkpoints, spark.sparkContext().hadoopConfiguration());
    byte[][] state = saved == null ? new byte[0][] : saved.load();
    List<EpochRecord> records = new ArrayList<>();
    int firstEpoch = 1;
    if (state.length > 0) {
      if (state.length != (averageEvery == 0 ? 1 : tasks)) {
        throw new IllegalStateException(checkpoints + " holds the run of another mode or number of tasks ("
            + state.length + " task states); use another folder or the same settings");
      }
      records.addAll(Checkpoints.fromBytes(state[0], checkpoints).trainingState().orElseThrow().history());
      firstEpoch = records.size() + 1;
      out.printf("continuing from %s after epoch %d%n", checkpoints, records.size());
    }
    boolean stoppedEarly = false;
    if (averageEvery > 0) {
      plan.train().earlyStopping().filter(es -> !es.monitor().startsWith("val_")).ifPresent(es -> {
        throw new IllegalArgumentException("with periodic averaging, early stopping monitors a validation value (the"
            + " tasks' training values differ), not " + es.monitor());
      });
    }
    Stages stages = new Stages(jsc, data);
    // Until the last epoch or early stopping (a run continued from a finished checkpoint runs none).
    for (int epoch = firstEpoch; epoch <= epochs; epoch++) {
      List<EpochTask.Result> results = stages.run(state, false, "epoch " + epoch, "the end of epoch " + (epoch - 1));
      if (results == null) {
        epoch--; // failed: run it again
        continue;
      }
      for (EpochTask.Result r : results) {
        if (r.failure() != null) {
          throw new IllegalStateException(r.failure());
        }
      }
      EpochTask.Result first = results.get(0);
      state = averageEvery == 0 ? new byte[][] {first.checkpoint()}
          : results.stream().map(EpochTask.Result::checkpoint).toArray(byte[][]::new);
      if (saved != null) {
        saved.save(state);
      }
      EpochRecord record = merged(state, epoch);
      records.add(record);
      printer.onEpochStart(record.epoch(), epochs);
      printer.onEpochEnd(record);
      if (first.finished()) {
        stoppedEarly = record.epoch() < epochs;
        break;
      }
    }
    Checkpoint last = Checkpoints.fromBytes(state[0], "the last epoch");
    TrainingState run = last.trainingState().orElseThrow();
    Network net = model.instantiate(plan.train().batchSize());
    Checkpoints.restore(last, net, "the last epoch");
    History history = new History(records, stoppedEarly, run.earlyStopping().bestEpoch());
    printer.onTrainEnd(history);

    Map<String, Double> testMetrics = new LinkedHashMap<>();
    if (data.rows(Shard.Kind.TEST) > 0) {
      List<EpochTask.Result> results;
      do {
        results = stages.run(state, true, "the test evaluation", "the end of the last epoch");
      } while (results == null);
      testMetrics.putAll(results.get(0).test());
      out.println("test: " + EpochPrinter.format(testMetrics));
      out.flush();
    }
    Checkpoint weights = Checkpoints.capture(net, data.standardizer().map(Checkpoint::arraysOf).orElse(Map.of()),
        data.classes(), metadata, Optional.empty())
        .withVocabulary(data.vocabulary().map(Vocabulary::tokens).orElse(List.of()));
    return new Result(history, testMetrics, weights);
  }

  /** The run's barrier stages over the shards, and how many have failed. */
  private final class Stages {
    private final JavaSparkContext jsc;
    private final DistributedData data;
    private int failures;

    Stages(JavaSparkContext jsc, DistributedData data) {
      this.jsc = jsc;
      this.data = data;
    }

    /**
     * Runs one barrier stage from {@code state}: an epoch, or the test evaluation. Returns null when the stage failed
     * and may be run again (Spark never reruns a failed barrier result stage itself).
     */
    List<EpochTask.Result> run(byte[][] state, boolean evaluate, String what, String from) {
      Broadcast<byte[][]> previous = jsc.broadcast(state);
      EpochTask task = new EpochTask(model, overrides, data, previous, transport, averageEvery, evaluate);
      ClassTag<EpochTask.Result> tag = ClassTag$.MODULE$.apply(EpochTask.Result.class);
      try {
        return new JavaRDD<>(data.shards().rdd().barrier().mapPartitions(task, false, tag), tag).collect();
      } catch (Exception e) { // Scala declares no exceptions: a failed job's SparkException is checked.
        if (!(e instanceof SparkException)) {
          throw e;
        }
        if (++failures > MAX_EPOCH_FAILURES) {
          throw new IllegalStateException(what + " failed " + failures + " times; the last run state is "
              + (checkpoints == null ? "lost (no checkpoint folder)" : "in " + checkpoints) + ": "
              + e.getMessage(), e);
        }
        out.printf("%s failed (%s); running it again from %s%n", what, firstLine(e.getMessage()), from);
        out.flush();
        return null;
      } finally {
        previous.destroy();
      }
    }
  }

  /**
   * The epoch just run, from the tasks' run states: synchronous tasks hold one; averaging tasks report the mean of
   * their training values (the slowest task's time) and the same validation values.
   */
  private static EpochRecord merged(byte[][] states, int epoch) {
    List<EpochRecord> last = new ArrayList<>();
    for (byte[] s : states) {
      List<EpochRecord> h = Checkpoints.fromBytes(s, "epoch " + epoch).trainingState().orElseThrow().history();
      last.add(h.get(h.size() - 1));
    }
    EpochRecord first = last.get(0);
    Map<String, Double> values = new LinkedHashMap<>();
    for (String key : first.values().keySet()) {
      double sum = 0;
      for (EpochRecord r : last) {
        sum += r.values().get(key);
      }
      values.put(key, key.startsWith("val_") ? first.values().get(key) : sum / last.size());
    }
    double seconds = last.stream().mapToDouble(EpochRecord::seconds).max().orElse(0);
    return new EpochRecord(first.epoch(), seconds, values);
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "no message";
    }
    int end = message.indexOf('\n');
    return end < 0 ? message : message.substring(0, end);
  }
}
