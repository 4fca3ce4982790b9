package dev.nnet.spark;

import dev.nnet.runtime.data.ClassLabels;
import dev.nnet.runtime.data.DataException;
import dev.nnet.runtime.data.TokenIds;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * Which columns of a Spark {@code Dataset<Row>} hold the features and the label, and how one row becomes a sample:
 * its features (scaled) and its label, read on the executor that holds the row ({@link DistributedData} puts the
 * samples together without the driver).
 *
 * <p>Features: one column holding an ML {@link Vector} or an array of numbers per row, or several numeric columns
 * (in the order given); a model with {@code input tokens(length = N)} reads its token ids so. A model with
 * {@code input text(...)} reads one column of strings instead ({@link #readText}; an empty cell is the empty text),
 * tokenized with the vocabulary fitted across the cluster. Labels of a classification are read as the CSV reader reads them, by {@link ClassLabels}:
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

  /**
   * One row read: its features, and its label as text (a classification's, stripped) or as values (a regression's).
   *
   * @param index the row's place in the Dataset's order, from 0: what makes it the same row however it is
   *     partitioned
   * @param features the features read, or null for a text
   * @param text the text of a text model's row, else null
   */
  record Sample(long index, float[] features, String text, String label, float[] values) implements Serializable {}

  /** The feature columns, then the label column: what {@link #read} expects of a row. */
  Column[] columns() {
    List<Column> columns = new ArrayList<>();
    for (String f : features) {
      columns.add(functions.col(f));
    }
    columns.add(functions.col(label));
    return columns.toArray(Column[]::new);
  }

  /**
   * Reads a row of the {@link #columns()}: {@code featureSize} features and a class label, or
   * {@code regressionOutputs} label values when it is positive.
   *
   * @param index the row's index in its Dataset (messages name row {@code index + 1})
   * @param vocabularySize the token ids the model's embedding takes, 0 when the features are not ids
   * @throws DataException naming {@code from} and the row when the row does not fit
   */
  Sample read(Row row, long index, int featureSize, int vocabularySize, int regressionOutputs, String from) {
    String where = from + ", row " + (index + 1);
    float[] x = new float[featureSize];
    // One column of vectors or arrays, or numeric columns (one of them is a single numeric column).
    boolean vectors = features.size() == 1 && !(row.get(0) instanceof Number);
    int filled = vectors ? readVector(row.get(0), x, featureSize, where) : readColumns(row, x, featureSize, where);
    if (filled != featureSize) {
      throw new DataException(where + ": " + filled + " features, the model takes " + featureSize);
    }
    TokenIds.checkRow(vocabularySize, x, where);
    return label(row, index, x, null, regressionOutputs, where);
  }

  /**
   * Reads a row of the {@link #columns()} whose one feature column holds text, and its label as {@link #read} does.
   *
   * @throws DataException naming {@code from} and the row when the row does not fit
   */
  Sample readText(Row row, long index, int regressionOutputs, String from) {
    String where = from + ", row " + (index + 1);
    if (features.size() != 1) {
      throw new DataException(from + ": a text model reads one text column, got " + features.size() + " feature"
          + " columns " + features);
    }
    Object text = row.get(0);
    if (text != null && !(text instanceof String)) {
      throw new DataException(where + ", column " + features.get(0) + ": expected text, got "
          + text.getClass().getSimpleName());
    }
    return label(row, index, null, text == null ? "" : (String) text, regressionOutputs, where);
  }

  private Sample label(Row row, long index, float[] x, String text, int regressionOutputs, String where) {
    Object value = row.get(features.size());
    if (value == null) {
      throw new DataException(where + ": the label column '" + label + "' is empty");
    }
    if (regressionOutputs > 0) {
      double[] v = value instanceof Number num ? new double[] {num.doubleValue()} : numbers(value, where);
      if (v.length != regressionOutputs) {
        throw new DataException(where + ": " + v.length + " label values, the model has " + regressionOutputs
            + " outputs");
      }
      float[] y = new float[v.length];
      for (int j = 0; j < v.length; j++) {
        y[j] = (float) v[j];
      }
      return new Sample(index, x, text, null, y);
    }
    String label = value.toString().strip(); // a number's text: 2, 2.0 and "2" are one class, as in a CSV
    if (label.isEmpty()) {
      throw new DataException(where + ": the label is empty; every sample needs its class");
    }
    return new Sample(index, x, text, label, null);
  }

  private int readVector(Object value, float[] x, int size, String where) {
    double[] v = value instanceof Vector vector ? vector.toArray() : numbers(value, where);
    for (int j = 0; j < Math.min(v.length, size); j++) {
      x[j] = (float) (v[j] * scale);
    }
    return v.length;
  }

  private int readColumns(Row row, float[] x, int size, String where) {
    for (int j = 0; j < Math.min(features.size(), size); j++) {
      Object v = row.get(j);
      if (!(v instanceof Number num)) {
        throw new DataException(where + ", column " + features.get(j) + ": expected a number, got "
            + (v == null ? "nothing" : "'" + v + "'"));
      }
      x[j] = (float) (num.doubleValue() * scale);
    }
    return features.size();
  }

  private double[] numbers(Object value, String where) {
    if (value instanceof scala.collection.Seq<?> seq) {
      value = scala.jdk.javaapi.CollectionConverters.asJava(seq);
    }
    if (value instanceof List<?> list) {
      double[] v = new double[list.size()];
      for (int i = 0; i < v.length; i++) {
        if (!(list.get(i) instanceof Number num)) {
          throw new DataException(where + ": element " + (i + 1) + " is not a number");
        }
        v[i] = num.doubleValue();
      }
      return v;
    }
    throw new DataException(where + ": expected a vector or an array of numbers, got "
        + (value == null ? "nothing" : value.getClass().getSimpleName()));
  }
}
