package dev.nnet.runtime.data;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.IntFunction;

/**
 * Class labels to class indices, by the rules every reader shares (the CSV reader here, nnet-spark's rows): when all
 * labels are integers in {@code [0, count)} of a {@link Target.Classes} with a count, the label is the class index
 * ({@code "0"} .. {@code "count-1"} name the classes, present or not); other integer labels ({@code 3}, {@code -1},
 * {@code 3.0}) are classes in numeric order; any other labels are classes in sorted (string) order. With known
 * classes (the training set's), a label must be one of them.
 */
public final class ClassLabels {
  private ClassLabels() {}

  /**
   * Writes the class index of every label into {@code y} and returns the class names in index order.
   *
   * @param labels each sample's label as text, stripped
   * @param target the classes the model distinguishes, or the known ones
   * @param y receives the class index of sample {@code r} at {@code y[r]}
   * @param where where sample {@code r}'s label is, for messages ({@code iris.csv, line 12, column 5 (species)})
   * @param column the label column, for messages ({@code iris.csv: the label column 'species'})
   * @throws DataException when a label is not a known class, or there are more classes than {@code target.count()}
   */
  public static List<String> index(
      List<String> labels, Target.Classes target, float[] y, IntFunction<String> where, String column) {
    int rows = labels.size();
    Map<String, Integer> index = new HashMap<>();
    List<String> classes;
    if (!target.known().isEmpty()) {
      classes = target.known();
      for (int k = 0; k < classes.size(); k++) {
        index.put(classes.get(k), k);
      }
      for (int r = 0; r < rows; r++) {
        Integer k = index.get(labels.get(r));
        if (k == null) {
          Long integer = CsvText.integerLabel(labels.get(r));
          k = integer == null ? null : index.get(Long.toString(integer));
        }
        if (k == null) {
          throw new DataException(where.apply(r) + ": unknown class '" + CsvText.abbreviate(labels.get(r))
              + "'; the model was trained on the classes " + CsvText.preview(classes));
        }
        y[r] = k;
      }
      return classes;
    }
    boolean integers = true;
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    for (String label : labels) {
      Long v = CsvText.integerLabel(label);
      if (v == null) {
        integers = false;
        break;
      }
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    if (integers && target.count() > 0 && min >= 0 && max < target.count()) {
      classes = new ArrayList<>();
      for (int k = 0; k < target.count(); k++) {
        classes.add(Integer.toString(k));
      }
      for (int r = 0; r < rows; r++) {
        y[r] = CsvText.integerLabel(labels.get(r));
      }
      return classes;
    }
    classes = new ArrayList<>();
    if (integers) {
      TreeSet<Long> values = new TreeSet<>();
      for (String label : labels) {
        values.add(CsvText.integerLabel(label));
      }
      for (long v : values) {
        classes.add(Long.toString(v));
      }
    } else {
      classes.addAll(new TreeSet<>(labels));
    }
    if (target.count() > 0 && classes.size() > target.count()) {
      throw new DataException(column + " holds " + classes.size() + " classes (" + CsvText.preview(classes)
          + ") but the model distinguishes " + target.count()
          + (target.count() == 2 ? " (binary classification)" : "")
          + "; change the model's output size or check the label column");
    }
    for (int k = 0; k < classes.size(); k++) {
      index.put(classes.get(k), k);
    }
    for (int r = 0; r < rows; r++) {
      String key = integers ? CsvText.integerLabel(labels.get(r)).toString() : labels.get(r);
      y[r] = index.get(key);
    }
    return classes;
  }
}
