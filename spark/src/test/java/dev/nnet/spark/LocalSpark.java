package dev.nnet.spark;

import dev.nnet.compiler.CheckResult;
import dev.nnet.compiler.Frontend;
import dev.nnet.compiler.model.ModelSpec;
import dev.nnet.runtime.Dataset;
import dev.nnet.runtime.Network;
import dev.nnet.runtime.checkpoint.Checkpoint;
import dev.nnet.runtime.checkpoint.SavedParameter;
import java.util.ArrayList;
import java.util.List;
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
