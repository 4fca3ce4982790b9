package dev.nnet.spark;

import dev.nnet.runtime.Dataset;
import dev.nnet.runtime.data.ClassLabels;
import dev.nnet.runtime.data.DataException;
import dev.nnet.runtime.data.Target;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * Which columns of a Spark {@code Dataset<Row>} hold the features and the label, and how they become the runtime's
 * {@link Dataset}: the rows are collected to the driver in the Dataset's own order (a file read keeps the file's
 * order, whatever the number of partitions), so the shuffle and splits that follow depend on the seed only.
 *
 * <p>Features: one column holding an ML {@link Vector} or an array of numbers per row, or several numeric columns
 * (in the order given). Labels of a classification are read as the CSV reader reads them, by {@link ClassLabels}:
 * integers in {@code [0, classes)} are the class index, other integers are classes in numeric order, anything else
 * classes in sorted (string) order. Regression labels are numbers (one column) or arrays of numbers.
 *
 * @param features the feature column(s)
 * @param label the label column
 * @param scale multiplies every feature (as a model's {@code scale 1/255})
 */
public record RowData(List<String> features, String label, double scale) implements Serializable {
  public RowData {
    features = List.copyOf(features);
    if (features.isEmpty()) {
      throw new IllegalArgumentException("name at least one feature column");
    }
  }

  /** Collects {@code rows} as a dataset of {@code featureSize} features per sample and the given target. */
  public Dataset collect(org.apache.spark.sql.Dataset<Row> rows, Target target, int featureSize, String from) {
    List<Column> columns = new ArrayList<>();
    for (String f : features) {
      columns.add(functions.col(f));
    }
    columns.add(functions.col(label));
    List<Row> collected = rows.select(columns.toArray(Column[]::new)).collectAsList();
    int n = collected.size();
    float[] x = new float[Math.multiplyExact(n, featureSize)];
    int outputs = target instanceof Target.Regression r ? r.outputs() : 1;
    float[] y = new float[n * outputs];
    List<String> labels = new ArrayList<>(n);
    int labelIndex = features.size();
    for (int r = 0; r < n; r++) {
      Row row = collected.get(r);
      // One column of vectors or arrays, or numeric columns (one of them is a single numeric column).
      boolean vectors = features.size() == 1 && !(row.get(0) instanceof Number);
      int filled = vectors ? readVector(row.get(0), x, r * featureSize, featureSize, from, r)
          : readColumns(row, x, r * featureSize, featureSize, from, r);
      if (filled != featureSize) {
        throw new DataException(from + ", row " + (r + 1) + ": " + filled + " features, the model takes " + featureSize);
      }
      Object value = row.get(labelIndex);
      if (value == null) {
        throw new DataException(from + ", row " + (r + 1) + ": the label column '" + label + "' is empty");
      }
      if (target instanceof Target.Regression) {
        double[] v = value instanceof Number num ? new double[] {num.doubleValue()} : numbers(value, from, r);
        if (v.length != outputs) {
          throw new DataException(from + ", row " + (r + 1) + ": " + v.length + " label values, the model has "
              + outputs + " outputs");
        }
        for (int j = 0; j < outputs; j++) {
          y[r * outputs + j] = (float) v[j];
        }
      } else {
        String text = value.toString().strip(); // a number's text: 2, 2.0 and "2" are one class, as in a CSV
        if (text.isEmpty()) {
          throw new DataException(from + ", row " + (r + 1) + ": the label is empty; every sample needs its class");
        }
        labels.add(text);
      }
    }
    List<String> classes = List.of();
    if (target instanceof Target.Classes c) {
      classes = ClassLabels.index(labels, c, y, r -> from + ", row " + (r + 1), from + ": the label column '" + label
          + "'");
    }
    return new Dataset(x, featureSize, y, outputs, n, classes);
  }

  private int readVector(Object value, float[] x, int at, int size, String from, int r) {
    double[] v = value instanceof Vector vector ? vector.toArray() : numbers(value, from, r);
    for (int j = 0; j < Math.min(v.length, size); j++) {
      x[at + j] = (float) (v[j] * scale);
    }
    return v.length;
  }

  private int readColumns(Row row, float[] x, int at, int size, String from, int r) {
    for (int j = 0; j < Math.min(features.size(), size); j++) {
      Object v = row.get(j);
      if (!(v instanceof Number num)) {
        throw new DataException(from + ", row " + (r + 1) + ", column " + features.get(j) + ": expected a number, got "
            + (v == null ? "nothing" : "'" + v + "'"));
      }
      x[at + j] = (float) (num.doubleValue() * scale);
    }
    return features.size();
  }

  private double[] numbers(Object value, String from, int r) {
    if (value instanceof scala.collection.Seq<?> seq) {
      value = scala.jdk.javaapi.CollectionConverters.asJava(seq);
    }
    if (value instanceof List<?> list) {
      double[] v = new double[list.size()];
      for (int i = 0; i < v.length; i++) {
        if (!(list.get(i) instanceof Number num)) {
          throw new DataException(from + ", row " + (r + 1) + ": element " + (i + 1) + " is not a number");
        }
        v[i] = num.doubleValue();
      }
      return v;
    }
    throw new DataException(from + ", row " + (r + 1) + ": expected a vector or an array of numbers, got "
        + (value == null ? "nothing" : value.getClass().getSimpleName()));
  }
}
