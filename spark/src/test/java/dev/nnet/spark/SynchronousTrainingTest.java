package dev.nnet.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.nnet.compiler.model.ModelSpec;
import dev.nnet.runtime.Dataset;
import dev.nnet.runtime.Network;
import dev.nnet.runtime.data.DataPipeline;
import dev.nnet.runtime.data.PreparedData;
import dev.nnet.runtime.data.Source;
import dev.nnet.runtime.data.Target;
import dev.nnet.runtime.train.History;
import dev.nnet.runtime.train.Training;
import dev.nnet.runtime.train.TrainingPlan;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Synchronous mode on local[2] is the runtime's single-machine training at the same global batch and seed. Slow:
 * every epoch is a barrier stage whose one {@code allGather} waits in whole seconds, and Spark starts in ~10 s.
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

}
