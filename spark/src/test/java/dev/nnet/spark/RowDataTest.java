package dev.nnet.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nnet.runtime.Dataset;
import dev.nnet.runtime.data.CsvReader;
import dev.nnet.runtime.data.DataException;
import dev.nnet.runtime.data.Target;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Spark rows to the runtime's samples: an ML Vector column (dense and sparse), numeric columns, class labels. */
class RowDataTest {
  private static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = LocalSpark.start(1);
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  @Test
  void aVectorColumnDenseOrSparseIsTheFeatures() {
    StructType schema = new StructType()
        .add("features", SQLDataTypes.VectorType(), false)
        .add("label", DataTypes.DoubleType, false);
    var rows = spark.createDataFrame(List.of(
        RowFactory.create(Vectors.dense(1, 2, 3), 2.0),
        RowFactory.create(Vectors.sparse(3, new int[] {1}, new double[] {4}), 0.0)), schema);

    Dataset data = LocalSpark.read(spark, rows, Optional.empty(), new RowData(List.of("features"), "label", 0.5),
        Target.classes(3), 3);

    assertThat(data.features()).containsExactly(0.5f, 1f, 1.5f, 0f, 2f, 0f);
    assertThat(data.classes()).containsExactly("0", "1", "2");
    assertThat(data.targets()).containsExactly(2f, 0f);
  }

  @Test
  void aVectorOfTheWrongSizeNamesTheRow() {
    StructType schema = new StructType()
        .add("features", SQLDataTypes.VectorType(), false)
        .add("label", DataTypes.StringType, false);
    var rows = spark.createDataFrame(List.of(
        RowFactory.create(Vectors.dense(1, 2, 3), "a"), RowFactory.create(Vectors.dense(1, 2), "b")), schema);

    assertThatThrownBy(() -> LocalSpark.read(spark, rows, Optional.empty(), new RowData(List.of("features"), "label",
            1), Target.classes(2), 3))
        .isInstanceOf(DataException.class)
        .hasMessage("the training data, row 2: 2 features, the model takes 3");
  }

  /** The labels of a CSV and of Spark rows become the same classes: one set of rules (ClassLabels) reads both. */
  @Test
  void numericColumnsAndLabelsAreReadAsTheCsvReaderReadsThem(@TempDir Path dir) throws IOException {
    Path csv = dir.resolve("labels.csv");
    Files.writeString(csv, "x,y\n1,7\n2,-1\n3,7.0\n4,12\n");
    StructType schema = new StructType()
        .add("x", DataTypes.IntegerType, false)
        .add("y", DataTypes.DoubleType, false);
    var rows = spark.createDataFrame(List.of(RowFactory.create(1, 7.0), RowFactory.create(2, -1.0),
        RowFactory.create(3, 7.0), RowFactory.create(4, 12.0)), schema);

    Dataset fromCsv = CsvReader.read(csv, "y", 1, Target.classes(3), 1);
    Dataset fromRows = LocalSpark.read(spark, rows, Optional.empty(), new RowData(List.of("x"), "y", 1),
        Target.classes(3), 1);

    assertThat(fromRows.classes()).containsExactly("-1", "7", "12").isEqualTo(fromCsv.classes());
    assertThat(fromRows.targets()).containsExactly(1f, 0f, 1f, 2f).isEqualTo(fromCsv.targets());
    assertThat(fromRows.features()).containsExactly(1f, 2f, 3f, 4f);
  }

  @Test
  void aClassOutsideTheTrainingClassesIsAnError() {
    StructType schema = new StructType()
        .add("features", DataTypes.createArrayType(DataTypes.DoubleType), false)
        .add("label", DataTypes.StringType, false);
    var train = spark.createDataFrame(List.of(RowFactory.create(new double[] {1}, "setosa"),
        RowFactory.create(new double[] {3}, "virginica")), schema);
    var test = spark.createDataFrame(List.of(RowFactory.create(new double[] {1}, "setosa"),
        RowFactory.create(new double[] {2}, "rosa")), schema);

    assertThatThrownBy(() -> LocalSpark.read(spark, train, Optional.of(test), new RowData(List.of("features"),
            "label", 1), Target.classes(2), 1))
        .isInstanceOf(DataException.class)
        .hasMessageStartingWith("the test data, row 2: unknown class 'rosa'; the model was trained on the classes");
  }
}
