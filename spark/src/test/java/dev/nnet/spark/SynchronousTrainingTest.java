package dev.nnet.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.nnet.cli.Main;
import dev.nnet.compiler.model.ModelSpec;
import dev.nnet.runtime.Dataset;
import dev.nnet.runtime.Network;
import dev.nnet.runtime.checkpoint.Checkpoints;
import dev.nnet.runtime.data.DataPipeline;
import dev.nnet.runtime.data.DataPlan;
import dev.nnet.runtime.data.PreparedData;
import dev.nnet.runtime.data.Source;
import dev.nnet.runtime.data.Target;
import dev.nnet.runtime.data.TextData;
import dev.nnet.runtime.data.Tokenizer;
import dev.nnet.runtime.data.Vocabulary;
import dev.nnet.runtime.train.History;
import dev.nnet.runtime.train.Training;
import dev.nnet.runtime.train.TrainingPlan;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Synchronous mode on local[2] is the runtime's single-machine training at the same global batch and seed, on data
 * prepared across the cluster as one machine prepares it, without the rows reaching the driver; a divergence ends a
 * run with one report. Slow: every epoch is a barrier stage whose one {@code allGather} waits in whole seconds, and
 * Spark starts in ~10 s (once for all of these).
 */
@Tag("slow")
class SynchronousTrainingTest {
  private static final Path IRIS = Path.of("..", "samples", "iris", "iris.csv");
  private static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = LocalSpark.start(2);
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  static String iris(String precision, String optimizer, int epochs) {
    return "model Iris\npackage dev.nnet.spark.test\nprecision " + precision + "\ninput [4]\ndense 16 relu\n"
        + "dense 3 softmax\nloss sparse_categorical_crossentropy\nmetrics accuracy\noptimizer " + optimizer + "\n"
        + "train { batch_size 16  epochs " + epochs + "  seed 7  validation_split 0.1 }\n";
  }

  @Test
  void float64IrisEqualsTheSingleMachineTrainerTo1e9() {
    ModelSpec model = LocalSpark.model("Iris", iris("float64", "adam(learning_rate = 0.01)", 5));
    Comparison c = compare(model, 3);
    assertThat(c.spark.history().epochs()).hasSize(5);
    for (int e = 0; e < 5; e++) {
      var mine = c.spark.history().epochs().get(e).values();
      var theirs = c.local.epochs().get(e).values();
      assertThat(mine.keySet()).containsExactlyElementsOf(theirs.keySet());
      for (String k : theirs.keySet()) {
        assertThat(mine.get(k)).as("epoch %d %s", e + 1, k).isCloseTo(theirs.get(k), within(1e-9));
      }
    }
    assertThat(LocalSpark.maxDifference(c.spark.weights(), c.localNet)).isLessThan(1e-9);
    assertThat(c.printed).contains("epoch 5/5  loss ").contains("test: loss ");
  }

  @Test
  void float32IrisAgreesTo1e5() {
    ModelSpec model = LocalSpark.model("Iris", iris("float32", "sgd(learning_rate = 0.05, momentum = 0.9)", 2));
    Comparison c = compare(model, 2);
    assertThat(LocalSpark.maxDifference(c.spark.weights(), c.localNet)).isLessThan(1e-5);
  }

  @Test
  void periodicAveragingLearnsIris() {
    ModelSpec model = LocalSpark.model("Iris", iris("float32", "adam(learning_rate = 0.05)", 8));
    ModelClass compiled = ModelClass.compile(model);
    Dataset all = new Source.Csv(IRIS, "species", 1.0).load(new Target.Classes(3, List.of()), 4);
    StringWriter printed = new StringWriter();
    SparkTrainer.Result result = new SparkTrainer(spark, compiled, new RowData(List.of("features"), "label", 1))
        .tasks(2)
        .averageEvery(2)
        .splits(0.2, 0.1)
        .standardize(true)
        .printTo(new PrintWriter(printed, true))
        .fit(LocalSpark.rows(spark, all, 2));
    assertThat(result.history().epochs()).hasSize(8);
    assertThat(printed.toString()).contains("epoch 8/8  loss ").contains("val_accuracy");
    assertThat(result.testMetrics().get("accuracy")).isGreaterThan(0.8);
  }

  private record Comparison(SparkTrainer.Result spark, History local, Network localNet, String printed) {}

  /** Trains {@code model} on iris with Spark (2 tasks, rows in {@code partitions} partitions) and locally. */
  private static Comparison compare(ModelSpec model, int partitions) {
    ModelClass compiled = ModelClass.compile(model);
    TrainingPlan plan = compiled.plan();
    Network net = compiled.instantiate(plan.train().batchSize());
    Dataset all = new Source.Csv(IRIS, "species", 1.0).load(new Target.Classes(3, List.of()), 4);

    StringWriter printed = new StringWriter();
    SparkTrainer.Result result = new SparkTrainer(spark, compiled, new RowData(List.of("features"), "label", 1))
        .tasks(2)
        .splits(0.2, plan.validationSplit())
        .standardize(true)
        .printTo(new PrintWriter(printed, true))
        .fit(LocalSpark.rows(spark, all, partitions));

    PreparedData prepared = DataPipeline.prepare(all, Optional.empty(), 0.2, plan.validationSplit(), true,
        plan.train().seed(), "iris");
    History local = Training.of(net, plan).fit(prepared.train(), prepared.validation());
    return new Comparison(result, local, net, printed.toString());
  }


  /**
   * Iris in 1, 2 and 3 partitions, sharded for 3, 2 and 1 tasks: every part holds, at every position, the row the
   * single-machine pipeline puts there (bit for bit, standardized with the same float32 statistics). An epoch's
   * batches are the trainer's shuffled order over those positions, so they are the same too.
   */
  @Test
  void theSplitsStandardizationAndPositionsAreOneMachinesForOneTwoAndThreePartitions() {
    Dataset all = new Source.Csv(IRIS, "species", 1.0).load(new Target.Classes(3, List.of()), 4);
    long seed = 11;
    PreparedData expected = DataPipeline.prepare(all, Optional.empty(), 0.2, 0.1, true, seed, "iris");
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    for (int partitions = 1; partitions <= 3; partitions++) {
      int tasks = 4 - partitions;
      DistributedData data = DistributedData.prepare(jsc, LocalSpark.rows(spark, all, partitions), Optional.empty(),
          new RowData(List.of("features"), "label", 1), new Target.Classes(3, List.of()), 4, 0, Optional.empty(), 0.2,
          0.1, true, seed,
          tasks, false);
      try {
        String as = partitions + " partitions, " + tasks + " tasks";
        assertThat(data.classes()).as(as).isEqualTo(expected.classes());
        assertThat(data.standardizer().orElseThrow().mean()).as(as)
            .containsExactly(expected.standardizer().orElseThrow().mean());
        assertThat(data.standardizer().orElseThrow().std()).as(as)
            .containsExactly(expected.standardizer().orElseThrow().std());
        assertSameParts(data, expected, tasks, as);
      } finally {
        data.release();
      }
    }
  }

  /**
   * samples/wordlang (33,600 training words, 8,400 test words) in 1, 2 and 3 partitions, sharded for 3, 2 and 1
   * tasks: the vocabulary fitted across the cluster is the one {@code ./nnet train} fits (token for token, in id
   * order), and every part holds the runtime's token ids at every position. Characters as the model splits them, and
   * whole words cut at 50 ids: most words are seen once, so the cut falls among ties, broken lexicographically.
   */
  @Test
  void theWordlangVocabularyAndTokenIdsAreOneMachinesForOneTwoAndThreePartitions() {
    Path samples = Path.of("..", "samples", "wordlang");
    var trainCsv = spark.read().option("header", "true").csv(samples.resolve("train.csv").toString());
    var testCsv = spark.read().option("header", "true").csv(samples.resolve("test.csv").toString());
    List<Row> train = trainCsv.collectAsList();
    List<Row> test = testCsv.collectAsList();
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Target target = new Target.Classes(7, List.of());
    long seed = 7;
    for (Tokenizer tokenizer : List.of(new Tokenizer(20, 64, Tokenizer.Split.CHARACTERS, false),
        new Tokenizer(20, 50, Tokenizer.Split.WORDS, true))) {
      PreparedData expected = DataPipeline.prepare(new DataPlan(
          new Source.Text(samples.resolve("train.csv"), "word", "language", tokenizer),
          Optional.of(new Source.Text(samples.resolve("test.csv"), "word", "language", tokenizer)),
          0, 0.1, false, seed, 20, target));
      if (tokenizer.split() == Tokenizer.Split.WORDS) {
        assertThat(expected.vocabulary().orElseThrow().size()).isEqualTo(50);
      }
      for (int partitions = 1; partitions <= 3; partitions++) {
        int tasks = 4 - partitions;
        DistributedData data = DistributedData.prepare(jsc,
            spark.createDataFrame(jsc.parallelize(train, partitions), trainCsv.schema()),
            Optional.of(spark.createDataFrame(jsc.parallelize(test, partitions), testCsv.schema())),
            new RowData(List.of("word"), "language", 1), target, 20, 0, Optional.of(tokenizer), 0, 0.1, false, seed,
            tasks, false);
        try {
          String as = tokenizer.split() + ", " + partitions + " partitions, " + tasks + " tasks";
          assertThat(data.vocabulary().orElseThrow().tokens()).as(as)
              .containsExactlyElementsOf(expected.vocabulary().orElseThrow().tokens());
          assertThat(data.classes()).as(as).isEqualTo(expected.classes());
          assertSameParts(data, expected, tasks, as);
        } finally {
          data.release();
        }
      }
    }
  }

  /**
   * wordlang_embed (text input, an embedding) in float64 on the first 3,000 training and 600 test words, one epoch:
   * the weights are the single-machine trainer's to 1e-9, they carry the runtime's vocabulary, and
   * {@code ./nnet evaluate} and {@code predict} (raw words) read them.
   */
  @Test
  void float64WordlangEqualsTheSingleMachineTrainerTo1e9AndItsWeightsServeTheCli(@TempDir Path dir)
      throws Exception {
    Path file = LocalSpark.wordlang(dir, 3000, 600, "float64");
    ModelSpec model = LocalSpark.model("WordlangEmbed", Files.readString(file, StandardCharsets.UTF_8));
    ModelClass compiled = ModelClass.compile(model);
    TrainingPlan plan = compiled.plan().withEpochs(1);
    Network net = compiled.instantiate(plan.train().batchSize());
    Training local = Training.of(net, plan);
    PreparedData prepared = DataPipeline.prepare(local.dataPlan(plan.data().orElseThrow().resolve(dir),
        Optional.empty()));
    History history = local.fit(prepared.train(), prepared.validation());

    SparkTrainer.Result result = new SparkTrainer(spark, compiled, new RowData(List.of("word"), "language", 1))
        .tasks(2)
        .epochs(1)
        .metadata(Map.of("model", file.getFileName().toString()))
        .printTo(new PrintWriter(new StringWriter()))
        .fit(csv(dir.resolve("train.csv")), Optional.of(csv(dir.resolve("test.csv"))));

    assertThat(result.weights().vocabulary()).containsExactlyElementsOf(prepared.vocabulary().orElseThrow().tokens());
    assertThat(result.weights().classes()).isEqualTo(prepared.classes());
    assertThat(LocalSpark.maxDifference(result.weights(), net)).isLessThan(1e-9);
    var theirs = history.epochs().get(0).values();
    for (String k : theirs.keySet()) {
      assertThat(result.history().epochs().get(0).values().get(k)).as(k).isCloseTo(theirs.get(k), within(1e-9));
    }

    Path weights = dir.resolve("wordlang_embed.weights");
    Checkpoints.save(weights, result.weights());
    assertThat(cli("evaluate", file.toString(), "--weights", weights.toString())).contains("accuracy");
    Path words = dir.resolve("words.txt");
    Files.writeString(words, "refestelámos\nincorrais\n", StandardCharsets.UTF_8);
    String predicted = cli("predict", file.toString(), "--weights", weights.toString(), "--input", words.toString());
    List<String> lines = predicted.lines().toList();
    assertThat(lines).hasSize(3); // the header, then a row per word: its class and the probabilities
    for (String line : lines.subList(1, 3)) {
      assertThat(prepared.classes()).contains(line.substring(0, line.indexOf(',')));
    }
  }

  /**
   * A model with {@code input tokens(length = 20)} reading its ids from a column of integer arrays (wordlang's first
   * 2,000 words as character ids), float64, one epoch: the single-machine trainer's weights to 1e-9.
   */
  @Test
  void float64TokenIdsFromAnIntegerArrayColumnEqualTheSingleMachineTrainerTo1e9(@TempDir Path dir)
      throws Exception {
    LocalSpark.wordlang(dir, 2000, 0, "float64");
    Source.Text words = new Source.Text(dir.resolve("train.csv"), "word", "language",
        new Tokenizer(20, 64, Tokenizer.Split.CHARACTERS, false));
    Target target = new Target.Classes(7, List.of());
    Vocabulary vocabulary = DataPipeline.prepare(new DataPlan(words, Optional.empty(), 0, 0, false, 7, 20, target))
        .vocabulary().orElseThrow();
    Dataset all = TextData.load(words, target, vocabulary);
    List<Row> rows = new ArrayList<>();
    for (int r = 0; r < all.rows(); r++) {
      int[] ids = new int[20];
      for (int j = 0; j < 20; j++) {
        ids[j] = (int) all.features()[r * 20 + j];
      }
      rows.add(RowFactory.create(ids, all.classes().get((int) all.targets()[r])));
    }
    StructType schema = new StructType()
        .add("ids", DataTypes.createArrayType(DataTypes.IntegerType), false)
        .add("label", DataTypes.StringType, false);
    var idRows = spark.createDataFrame(JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(rows, 2),
        schema);
    ModelSpec model = LocalSpark.model("WordIds", "model WordIds\npackage dev.nnet.spark.test\nprecision float64\n"
        + "input tokens(length = 20)\nembedding 64 8\nflatten\ndense 7 softmax\n"
        + "loss sparse_categorical_crossentropy\nmetrics accuracy\noptimizer adam(learning_rate = 0.01)\n"
        + "train { batch_size 32  epochs 1  seed 7  validation_split 0.1 }\n");
    ModelClass compiled = ModelClass.compile(model);
    TrainingPlan plan = compiled.plan();
    Network net = compiled.instantiate(plan.train().batchSize());

    SparkTrainer.Result result = new SparkTrainer(spark, compiled, new RowData(List.of("ids"), "label", 1))
        .tasks(2)
        .splits(0.2, plan.validationSplit())
        .printTo(new PrintWriter(new StringWriter()))
        .fit(idRows);
    PreparedData prepared = DataPipeline.prepare(all, Optional.empty(), 0.2, plan.validationSplit(), false,
        plan.train().seed(), "ids");
    Training.of(net, plan).fit(prepared.train(), prepared.validation());

    assertThat(result.weights().vocabulary()).isEmpty();
    assertThat(LocalSpark.maxDifference(result.weights(), net)).isLessThan(1e-9);
  }

  private static org.apache.spark.sql.Dataset<Row> csv(Path file) {
    return spark.read().option("header", "true").csv(file.toString());
  }

  /** Runs {@code ./nnet} in this JVM: its standard output, after checking it exits with 0. */
  private static String cli(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    assertThat(code).as("nnet %s: %s", args[0], err).isZero();
    return out.toString();
  }

  /** {@code tasks} shards, which hold {@code expected}'s training, validation and test parts as {@link #assertSame}. */
  private static void assertSameParts(DistributedData data, PreparedData expected, int tasks, String as) {
    List<Shard> shards = data.shards().collect();
    assertThat(shards).as(as).hasSize(tasks);
    assertSame(shards, Shard.Kind.TRAIN, expected.train(), tasks, as);
    assertSame(shards, Shard.Kind.VALIDATION, expected.validation().orElseThrow(), tasks, as);
    assertSame(shards, Shard.Kind.TEST, expected.test().orElseThrow(), tasks, as);
  }

  /** Task k holds the rows at positions k, k + P, ... of a part, and together the tasks hold exactly {@code part}. */
  private static void assertSame(List<Shard> shards, Shard.Kind kind, Dataset part, int tasks, String as) {
    int f = part.featureSize();
    float[] x = new float[part.features().length];
    float[] y = new float[part.targets().length];
    int rows = 0;
    for (int k = 0; k < shards.size(); k++) {
      Shard.Part mine = shards.get(k).part(kind);
      for (int r = 0; r < mine.rows(); r++) {
        int p = mine.positions()[r];
        assertThat(p % tasks).as("%s: %s position %d in task %d", as, kind, p, k).isEqualTo(k);
        System.arraycopy(mine.features(), r * f, x, p * f, f);
        y[p] = mine.targets()[r];
      }
      rows += mine.rows();
    }
    assertThat(rows).as("%s: %s rows", as, kind).isEqualTo(part.rows());
    // isEqualTo compares the arrays' contents in one pass; containsExactly's diff is quadratic in their length.
    assertThat(x).as("%s: %s features", as, kind).isEqualTo(part.features());
    assertThat(y).as("%s: %s targets", as, kind).isEqualTo(part.targets());
  }

  /**
   * What the tasks send the driver over a whole run (every job's task results, which is where a collect of the rows
   * would show) is a small fraction of the rows' bytes: the driver holds the run's state, not its data. The rows are
   * made on the executors ({@code spark.range} and {@code rand}), so nothing but a collect brings them to the driver.
   */
  @Test
  void theRowsNeverReachTheDriver() throws Exception {
    int rows = 20_000;
    int features = 64;
    List<String> columns = new ArrayList<>();
    for (int j = 0; j < features; j++) {
      columns.add("rand(" + j + ")");
    }
    var data = spark.range(0, rows, 1, 4).selectExpr("array(" + String.join(", ", columns) + ") as features",
        "cast(id % 3 as string) as label");
    var model = LocalSpark.model("Wide", "model Wide\npackage dev.nnet.spark.test\ninput [" + features + "]\n"
        + "dense 3 softmax\nloss sparse_categorical_crossentropy\nmetrics accuracy\n"
        + "optimizer sgd(learning_rate = 0.1)\ntrain { batch_size 500  epochs 1  seed 5 }\n");
    AtomicLong resultBytes = new AtomicLong();
    SparkListener listener = new SparkListener() {
      @Override
      public void onTaskEnd(SparkListenerTaskEnd end) {
        if (end.taskMetrics() != null) {
          resultBytes.addAndGet(end.taskMetrics().resultSize());
        }
      }
    };
    spark.sparkContext().listenerBus().waitUntilEmpty();
    spark.sparkContext().addSparkListener(listener);
    SparkTrainer.Result result;
    try {
      result = new SparkTrainer(spark, ModelClass.compile(model), new RowData(List.of("features"), "label", 1))
          .tasks(2)
          .splits(0.1, 0.1)
          .standardize(true)
          .printTo(new PrintWriter(new StringWriter()))
          .fit(data);
      spark.sparkContext().listenerBus().waitUntilEmpty();
    } finally {
      spark.sparkContext().removeSparkListener(listener);
    }
    long rowBytes = 4L * rows * features;
    System.out.printf("task results sent to the driver: %,d bytes for %,d bytes of features%n", resultBytes.get(),
        rowBytes);
    assertThat(result.history().epochs()).hasSize(1);
    assertThat(result.testMetrics()).containsKey("accuracy");
    assertThat(resultBytes.get()).isPositive().isLessThan(rowBytes / 20);
  }

  /**
   * One averaging task meets a row whose features overflow float32: its loss is NaN at its own step while the other
   * task's is finite. The run ends with the diverged task's report (epoch and batch), not with a failed stage run
   * again; in synchronous mode every task diverges at once, with the same report.
   */
  @Test
  void aDivergenceEndsTheRunWithTheEpochAndBatchNotARetriedStage() {
    Dataset iris = new Source.Csv(IRIS, "species", 1.0).load(new Target.Classes(3, List.of()), 4);
    float[] x = iris.features().clone();
    float[] overflow = {3e38f, -3e38f, 3e38f, -3e38f};
    System.arraycopy(overflow, 0, x, 75 * 4, 4);
    Dataset poisoned = new Dataset(x, 4, iris.targets(), 1, iris.rows(), iris.classes());
    var model = LocalSpark.model("Iris", SynchronousTrainingTest.iris("float32", "sgd(learning_rate = 0.01)", 3));
    for (int averageEvery : new int[] {4, 0}) {
      StringWriter printed = new StringWriter();
      SparkTrainer trainer = new SparkTrainer(spark, ModelClass.compile(model),
          new RowData(List.of("features"), "label", 1))
          .tasks(2)
          .averageEvery(averageEvery)
          .splits(0, 0)
          .printTo(new PrintWriter(printed, true));
      assertThatThrownBy(() -> trainer.fit(LocalSpark.rows(spark, poisoned, 2)))
          .as("average every %d", averageEvery)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining(averageEvery > 0 ? "task " : "training diverged")
          .hasMessageContaining("training diverged: the loss became NaN at epoch 1, batch ");
      assertThat(printed.toString()).as("average every %d", averageEvery).doesNotContain("failed");
    }
  }
}
