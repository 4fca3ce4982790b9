package dev.nnet.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nnet.runtime.checkpoint.Checkpoint;
import dev.nnet.runtime.checkpoint.Checkpoints;
import dev.nnet.runtime.data.DataPipeline;
import dev.nnet.runtime.data.DataPlan;
import dev.nnet.runtime.data.PreparedData;
import dev.nnet.runtime.data.Source;
import dev.nnet.runtime.data.Target;
import dev.nnet.runtime.data.Tokenizer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
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

  /**
   * A text model on CSVs Spark reads: the text and label columns are the model's, the vocabulary is fitted across the
   * cluster and saved in the weights, the same as {@code ./nnet train} fits on those files.
   */
  @Test
  void trainsATextModelAndSavesTheVocabularyOfNnetTrain(@TempDir Path dir) throws Exception {
    LocalSpark.start(2); // SparkTrain's getOrCreate takes this session, and stops it
    Path model = LocalSpark.wordlang(dir, 800, 200, "float32");
    Path weights = dir.resolve("wordlang.weights");

    String out = run(model.toString(), "--data", dir.resolve("train.csv").toString(), "--test",
        dir.resolve("test.csv").toString(), "--epochs", "1", "--tasks", "2", "-o", weights.toString());

    assertThat(out).contains("epoch 1/1  loss ").contains("test: loss ").contains("saved " + weights);
    Tokenizer tokenizer = new Tokenizer(20, 64, Tokenizer.Split.CHARACTERS, false); // wordlang_embed.nnet's input
    PreparedData expected = DataPipeline.prepare(new DataPlan(
        new Source.Text(dir.resolve("train.csv"), "word", "language", tokenizer),
        Optional.of(new Source.Text(dir.resolve("test.csv"), "word", "language", tokenizer)),
        0, 0, false, 7, 20, new Target.Classes(7, List.of())));
    Checkpoint saved = Checkpoints.read(weights);
    assertThat(saved.vocabulary()).containsExactlyElementsOf(expected.vocabulary().orElseThrow().tokens());
    assertThat(saved.classes()).isEqualTo(expected.classes());
    assertThat(saved.standardizer()).isEmpty();
  }

  /**
   * A token id the embedding has no row for is a data error naming its line (the model's own data, read on the
   * driver) or its row (data Spark reads, checked on the executor that reads the row), before any epoch: not a
   * failed Spark job in the middle of one.
   */
  @Test
  void aTokenIdBeyondTheEmbeddingIsADataErrorNamingItsLineOrRow(@TempDir Path dir) throws Exception {
    Path model = dir.resolve("tok.nnet");
    Files.writeString(model, "model Tok\ninput tokens(length = 3)\nembedding 10 4\nflatten\ndense 2 softmax\n"
        + "loss sparse_categorical_crossentropy\noptimizer adam\ntrain { epochs 1 }\n"
        + "data {\n  train csv(\"ids.csv\", label = \"y\")\n}\n");
    Path ids = dir.resolve("ids.csv");
    Files.writeString(ids, "a,b,c,y\n1,2,3,x\n4,5,6,z\n7,10,9,x\n");
    Path weights = dir.resolve("tok.weights");

    LocalSpark.start(2);
    Failure block = fail(model.toString(), "-o", weights.toString());
    LocalSpark.start(2);
    Failure rows = fail(model.toString(), "--data", ids.toString(), "-o", weights.toString());

    assertThat(block.code()).as(block.err()).isEqualTo(1);
    assertThat(block.err()).contains("ids.csv, line 4, token 2: 10.0 is not a token id: the embedding takes whole"
        + " numbers from 0 to 9 (input_dim 10)").doesNotContain("Exception");
    assertThat(rows.code()).as(rows.err()).isEqualTo(1);
    assertThat(rows.err()).contains("the training data, row 3, token 2: 10.0 is not a token id")
        .doesNotContain("Exception");
    assertThat(weights).doesNotExist();
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

  private record Failure(int code, String err) {}

  private static Failure fail(String... args) {
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      int code = SparkTrain.run(args);
      return new Failure(code, captured.toString(StandardCharsets.UTF_8));
    } finally {
      System.setErr(original);
    }
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
