package dev.nnet.runtime.metrics;

import dev.nnet.runtime.Dataset;
import dev.nnet.runtime.Network;
import java.util.List;
import java.util.Locale;

/**
 * Counts of (true class, predicted class) pairs, with per-class precision, recall and F1. Precision of class
 * {@code c} is {@code TP / (TP + FP)}, recall {@code TP / (TP + FN)}, F1 their harmonic mean; each is 0 when its
 * denominator is (as scikit-learn's {@code zero_division=0}). Macro averages run over the classes that occur as a
 * target or a prediction (scikit-learn's default labels), so a class absent from a small split does not count as 0.
 */
public final class ConfusionMatrix {
  private final int classes;
  private final TaskType task;
  private final long[] counts;

  public ConfusionMatrix(TaskType task, int classes) {
    if (!task.isClassification()) {
      throw new IllegalArgumentException("a confusion matrix needs a classification task");
    }
    if (classes < 2) {
      throw new IllegalArgumentException("a confusion matrix needs at least 2 classes, got " + classes);
    }
    this.task = task;
    this.classes = classes;
    this.counts = new long[classes * classes];
  }

  public int classes() {
    return classes;
  }

  public void reset() {
    java.util.Arrays.fill(counts, 0);
  }

  /** Adds the batch just run through {@code net} (see {@link Metric#update}). */
  public void update(Network net, Dataset data, int[] order, int from, int n) {
    float[] targets = data.targets();
    int ts = data.targetSize();
    for (int r = 0; r < n; r++) {
      int truth = (int) targets[order[from + r] * ts];
      int predicted = Predictions.predictedClass(net, r, task);
      add(truth, predicted);
    }
  }

  /** Counts one sample of class {@code truth} predicted as {@code predicted}. */
  public void add(int truth, int predicted) {
    if (truth < 0 || truth >= classes || predicted < 0 || predicted >= classes) {
      throw new IllegalArgumentException(
          "class out of range: target " + truth + ", prediction " + predicted + " of " + classes + " classes");
    }
    counts[truth * classes + predicted]++;
  }

  /** Every count, row by row (true class), for a mid-epoch checkpoint. */
  public double[] exportState() {
    double[] state = new double[counts.length];
    for (int i = 0; i < counts.length; i++) {
      state[i] = counts[i];
    }
    return state;
  }

  /** Sets every count from {@link #exportState()}. */
  public void restoreState(double[] state) {
    Metrics.checkStateLength("confusion matrix", state, counts.length);
    for (int i = 0; i < counts.length; i++) {
      counts[i] = (long) state[i];
    }
  }

  /** Samples of class {@code truth} predicted as {@code predicted}. */
  public long count(int truth, int predicted) {
    return counts[truth * classes + predicted];
  }

  public long total() {
    long t = 0;
    for (long c : counts) {
      t += c;
    }
    return t;
  }

  /** Samples whose target is {@code c}. */
  public long support(int c) {
    long s = 0;
    for (int p = 0; p < classes; p++) {
      s += count(c, p);
    }
    return s;
  }

  /** Samples predicted as {@code c}. */
  public long predicted(int c) {
    long s = 0;
    for (int t = 0; t < classes; t++) {
      s += count(t, c);
    }
    return s;
  }

  public double accuracy() {
    long right = 0;
    for (int c = 0; c < classes; c++) {
      right += count(c, c);
    }
    long total = total();
    return total == 0 ? Double.NaN : (double) right / total;
  }

  public double precision(int c) {
    long p = predicted(c);
    return p == 0 ? 0 : (double) count(c, c) / p;
  }

  public double recall(int c) {
    long s = support(c);
    return s == 0 ? 0 : (double) count(c, c) / s;
  }

  public double f1(int c) {
    double p = precision(c);
    double r = recall(c);
    return p + r == 0 ? 0 : 2 * p * r / (p + r);
  }

  /** Precision of class 1 for a binary task, else the macro average. */
  public double precision() {
    return task == TaskType.BINARY_CLASSIFICATION ? precision(1) : macro(0);
  }

  /** Recall of class 1 for a binary task, else the macro average. */
  public double recall() {
    return task == TaskType.BINARY_CLASSIFICATION ? recall(1) : macro(1);
  }

  /** F1 of class 1 for a binary task, else the macro average of per-class F1. */
  public double f1() {
    return task == TaskType.BINARY_CLASSIFICATION ? f1(1) : macro(2);
  }

  private double macro(int which) {
    double sum = 0;
    int n = 0;
    for (int c = 0; c < classes; c++) {
      if (support(c) == 0 && predicted(c) == 0) {
        continue;
      }
      sum += which == 0 ? precision(c) : which == 1 ? recall(c) : f1(c);
      n++;
    }
    return n == 0 ? Double.NaN : sum / n;
  }

  /**
   * A text table: one row per true class with its counts per predicted class, then precision, recall, F1 and
   * support per class.
   */
  public String render(List<String> names) {
    if (names.size() != classes) {
      throw new IllegalArgumentException(names.size() + " names for " + classes + " classes");
    }
    int w = 16;
    for (String name : names) {
      w = Math.max(w, name.length());
    }
    int cell = 6;
    for (String name : names) {
      cell = Math.max(cell, Math.min(name.length(), 12));
    }
    for (long c : counts) {
      cell = Math.max(cell, Long.toString(c).length() + 1);
    }
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "%-" + w + "s", "true \\ predicted"));
    for (int p = 0; p < classes; p++) {
      sb.append(String.format(Locale.ROOT, " %" + cell + "s", abbreviate(names.get(p), cell)));
    }
    sb.append('\n');
    for (int t = 0; t < classes; t++) {
      sb.append(String.format(Locale.ROOT, "%-" + w + "s", names.get(t)));
      for (int p = 0; p < classes; p++) {
        sb.append(String.format(Locale.ROOT, " %" + cell + "d", count(t, p)));
      }
      sb.append('\n');
    }
    sb.append('\n');
    sb.append(String.format(Locale.ROOT, "%-" + w + "s %9s %9s %9s %9s\n", "class", "precision", "recall", "f1", "support"));
    for (int c = 0; c < classes; c++) {
      sb.append(String.format(Locale.ROOT, "%-" + w + "s %9.4f %9.4f %9.4f %9d\n", names.get(c), precision(c), recall(c), f1(c), support(c)));
    }
    return sb.toString();
  }

  private static String abbreviate(String s, int width) {
    return s.length() <= width ? s : s.substring(0, width - 1) + "…";
  }
}
