package dev.nnet.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nnet.runtime.checkpoint.Checkpoint;
import dev.nnet.runtime.checkpoint.Checkpoints;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The spark-submit entry point in this JVM (local[2]): data Spark reads as parquet, the weights file, usage errors. */
class SparkTrainTest {
  private static final Path IRIS = Path.of("..", "samples", "iris");

  @Test
  void trainsOnParquetAndWritesTheWeightsFileOfNnetTrain(@TempDir Path dir) {
    SparkSession spark = LocalSpark.start(2); // SparkTrain's getOrCreate takes this session, and stops it
    Path parquet = dir.resolve("iris.parquet");
    spark.read().option("header", "true").option("inferSchema", "true").csv(IRIS.resolve("iris.csv").toString())
        .write().parquet(parquet.toString());
    Path weights = dir.resolve("iris.weights");

    String out = run("" + IRIS.resolve("iris.nnet"), "--data", parquet.toString(), "--format", "parquet",
        "--label", "species", "--epochs", "3", "--tasks", "2", "-o", weights.toString());

    assertThat(out).contains("epoch 3/3  loss ").contains("test: loss ").contains("saved " + weights);
    Checkpoint saved = Checkpoints.read(weights);
    assertThat(saved.classes()).containsExactly("setosa", "versicolor", "virginica");
    assertThat(saved.standardizer()).isPresent();
    assertThat(saved.metadata()).containsEntry("model", "iris.nnet");
    assertThat(saved.trainingState()).isEmpty();
  }

  @Test
  void aBadFormatIsAUsageError() {
    assertThat(SparkTrain.run(IRIS.resolve("iris.nnet").toString(), "--data", "x.csv", "--format", "json"))
        .isEqualTo(2);
  }

  @Test
  void aMissingModelIsAUsageError() {
    assertThat(SparkTrain.run("no-such-model.nnet")).isEqualTo(2);
  }

  private static String run(String... args) {
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      assertThat(SparkTrain.run(args)).isZero();
    } finally {
      System.setOut(original);
    }
    return captured.toString(StandardCharsets.UTF_8);
  }
}
