package dev.nnet.spark;

import dev.nnet.compiler.CheckResult;
import dev.nnet.compiler.Frontend;
import dev.nnet.compiler.model.ModelSpec;
import dev.nnet.runtime.Dataset;
import dev.nnet.runtime.Network;
import dev.nnet.runtime.Rng;
import dev.nnet.runtime.checkpoint.Checkpoint;
import dev.nnet.runtime.checkpoint.SavedParameter;
import dev.nnet.runtime.data.Target;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** What the tests share: a local Spark session on loopback, models from text, datasets as Spark rows. */
final class LocalSpark {
  private LocalSpark() {}

  /** A session of {@code threads} local executor threads, UI off, bound to 127.0.0.1. */
  static SparkSession start(int threads) {
    return SparkSession.builder()
        .master("local[" + threads + "]")
        .appName("nnet-spark-test")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.shuffle.partitions", "2")
        .getOrCreate();
  }

  static ModelSpec model(String name, String source) {
    CheckResult r = Frontend.check(name + ".nnet", source);
    if (r.hasErrors() || r.model().isEmpty()) {
      throw new AssertionError(r.render());
    }
    return r.model().get();
  }

  /** {@code data} in {@code partitions} partitions, as rows of a {@code features} array of doubles and a string {@code label} (the class name). */
  static org.apache.spark.sql.Dataset<Row> rows(SparkSession spark, Dataset data, int partitions) {
    List<Row> rows = new ArrayList<>();
    int f = data.featureSize();
    for (int r = 0; r < data.rows(); r++) {
      double[] x = new double[f];
      for (int j = 0; j < f; j++) {
        x[j] = data.features()[r * f + j];
      }
      rows.add(RowFactory.create(x, data.classes().get((int) data.targets()[r])));
    }
    StructType schema = new StructType()
        .add("features", DataTypes.createArrayType(DataTypes.DoubleType), false)
        .add("label", DataTypes.StringType, false);
    // parallelize keeps the list's order across partitions, as reading a file keeps the file's.
    return spark.createDataFrame(
        JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(rows, partitions), schema);
  }

  /**
   * {@code rows} read and labelled as a run reads them ({@link DistributedData}, one task, no splits), back in the
   * Dataset's order: the task's shard holds row {@code order[p]} at position p, for the seed's shuffle order.
   */
  static Dataset read(SparkSession spark, org.apache.spark.sql.Dataset<Row> rows,
      Optional<org.apache.spark.sql.Dataset<Row>> testRows, RowData columns, Target target, int featureSize) {
    long seed = 1;
    DistributedData data = DistributedData.prepare(JavaSparkContext.fromSparkContext(spark.sparkContext()), rows,
        testRows, columns, target, featureSize, 0, Optional.empty(), 0, 0, false, seed, 1, false);
    try {
      Shard shard = data.shards().collect().get(0);
      Shard.Part part = testRows.isPresent() ? shard.test() : shard.train();
      int n = part.rows();
      int[] order = new int[n];
      Arrays.setAll(order, i -> i);
      if (testRows.isEmpty()) {
        new Rng(seed).shuffle(order);
      }
      int f = part.featureSize();
      int t = part.targetSize();
      float[] x = new float[n * f];
      float[] y = new float[n * t];
      for (int p = 0; p < n; p++) {
        System.arraycopy(part.features(), p * f, x, order[p] * f, f);
        System.arraycopy(part.targets(), p * t, y, order[p] * t, t);
      }
      return new Dataset(x, f, y, t, n, data.classes());
    } finally {
      data.release();
    }
  }

  /**
   * samples/wordlang's model in {@code dir} beside the first {@code trainRows} and {@code testRows} rows of its
   * train.csv and test.csv (its data block names them), in {@code precision}: the model file written.
   */
  static Path wordlang(Path dir, int trainRows, int testRows, String precision) throws IOException {
    Path samples = Path.of("..", "samples", "wordlang");
    for (String name : List.of("train.csv", "test.csv")) {
      List<String> lines = Files.readAllLines(samples.resolve(name), StandardCharsets.UTF_8);
      int rows = name.equals("train.csv") ? trainRows : testRows;
      Files.write(dir.resolve(name), lines.subList(0, Math.min(lines.size(), rows + 1)), StandardCharsets.UTF_8);
    }
    String model = Files.readString(samples.resolve("wordlang_embed.nnet"), StandardCharsets.UTF_8)
        .replace("package dev.nnet.samples\n", "package dev.nnet.spark.test\nprecision " + precision + "\n");
    Path file = dir.resolve("wordlang_embed.nnet");
    Files.writeString(file, model, StandardCharsets.UTF_8);
    return file;
  }

  /** The largest absolute difference between saved weights and a network's. */
  static double maxDifference(Checkpoint weights, Network net) {
    double max = 0;
    List<SavedParameter> saved = weights.parameters();
    for (int i = 0; i < saved.size(); i++) {
      double[] v = saved.get(i).values();
      for (int k = 0; k < v.length; k++) {
        max = Math.max(max, Math.abs(v[k] - net.parameters().get(i).get(k)));
      }
    }
    return max;
  }
}
