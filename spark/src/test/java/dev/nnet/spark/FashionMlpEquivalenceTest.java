package dev.nnet.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.nnet.compiler.model.ModelSpec;
import dev.nnet.runtime.Dataset;
import dev.nnet.runtime.Network;
import dev.nnet.runtime.data.PreparedData;
import dev.nnet.runtime.data.Source;
import dev.nnet.runtime.data.Splits;
import dev.nnet.runtime.data.Target;
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
 * The acceptance of synchronous mode on local[2] against the runtime's single-machine trainer (what
 * {@code ./nnet train} runs), on the Fashion-MNIST MLP at a global batch of 128: float64 weights after one epoch
 * agree to 1e-9, float32 weights after 10 steps to 1e-5, and after 5 epochs the test accuracies differ by at most
 * 0.005.
 */
@Tag("slow")
class FashionMlpEquivalenceTest {
  private static final Path FASHION = Path.of("/usr/share/datasets/fashion-mnist");
  private static SparkSession spark;
  private static Dataset train;
  private static Dataset test;

  @BeforeAll
  static void start() {
    spark = LocalSpark.start(2);
    train = idx("train", new Target.Classes(10, List.of()));
    test = idx("t10k", new Target.Classes(10, train.classes()));
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  private static Dataset idx(String part, Target target) {
    return new Source.Idx(FASHION.resolve(part + "-images-idx3-ubyte.gz"), FASHION.resolve(part
        + "-labels-idx1-ubyte.gz"), 1 / 255.0).load(target, 784);
  }

  private static ModelSpec mlp(String precision, int epochs) {
    return LocalSpark.model("FashionMlp", "model FashionMlp\npackage dev.nnet.spark.test\nprecision " + precision
        + "\ninput [28, 28]\nflatten\ndense 128 relu\ndense 10 softmax\nloss sparse_categorical_crossentropy\n"
        + "metrics accuracy\noptimizer adam(learning_rate = 0.001)\ntrain { batch_size 128  epochs " + epochs
        + "  seed 42 }\n");
  }

  private record Run(SparkTrainer.Result spark, Network local, double localTestAccuracy) {}

  private static Run both(ModelSpec model, Dataset trainPart) {
    ModelClass compiled = ModelClass.compile(model);
    PreparedData prepared = new PreparedData(trainPart, Optional.empty(), Optional.of(test), Optional.empty(),
        train.classes());
    SparkTrainer.Result result = new SparkTrainer(spark, compiled, new RowData(List.of("features"), "label", 1))
        .tasks(2)
        .printTo(new PrintWriter(new StringWriter()))
        .fit(prepared);
    TrainingPlan plan = compiled.plan();
    Network net = compiled.instantiate(plan.train().batchSize());
    Training local = Training.of(net, plan);
    local.fit(trainPart, Optional.empty());
    double accuracy = local.evaluator().evaluate(test).metrics().get("accuracy");
    return new Run(result, net, accuracy);
  }

  @Test
  void float64WeightsAfterOneEpochAgreeTo1e9() {
    Run run = both(mlp("float64", 1), train);
    assertThat(maxDifference(run)).isLessThan(1e-9);
  }

  @Test
  void float32WeightsAfterTenStepsAgreeTo1e5() {
    Run run = both(mlp("float32", 1), Splits.slice(train, 0, 10 * 128));
    assertThat(maxDifference(run)).isLessThan(1e-5);
  }

  @Test
  void float32TestAccuraciesAfterFiveEpochsDifferByAtMostHalfAPercent() {
    Run run = both(mlp("float32", 5), train);
    double sparkAccuracy = run.spark().testMetrics().get("accuracy");
    System.out.printf("Fashion-MNIST MLP, 5 epochs, batch 128: test accuracy %.4f on Spark, %.4f locally%n",
        sparkAccuracy, run.localTestAccuracy());
    assertThat(sparkAccuracy).isCloseTo(run.localTestAccuracy(), within(0.005));
  }

  @Test
  void averagingEveryTenStepsReaches087In10Epochs() {
    ModelSpec model = mlp("float32", 10);
    PreparedData prepared = new PreparedData(train, Optional.empty(), Optional.of(test), Optional.empty(),
        train.classes());
    StringWriter printed = new StringWriter();
    SparkTrainer.Result result = new SparkTrainer(spark, ModelClass.compile(model),
        new RowData(List.of("features"), "label", 1))
        .tasks(2)
        .averageEvery(10)
        .printTo(new PrintWriter(printed, true))
        .fit(prepared);
    System.out.print(printed);
    assertThat(result.history().epochs()).hasSize(10);
    assertThat(result.testMetrics().get("accuracy")).isGreaterThanOrEqualTo(0.87);
  }

  private static double maxDifference(Run run) {
    double max = LocalSpark.maxDifference(run.spark().weights(), run.local());
    System.out.printf("largest weight difference: %.3g%n", max);
    return max;
  }
}
