package dev.nnet.runtime.data;

import java.util.List;

/** What a reader makes of the label column(s): class indices, regression values, or nothing (prediction input). */
public sealed interface Target {
  /**
   * Class labels, stored as the class index (one target value per sample).
   *
   * @param count the number of classes the model distinguishes (its output size, or 2 for one sigmoid output), or
   *     0 when unknown; more distinct labels than this is an error, and integer labels in {@code [0, count)} are
   *     taken as the class index itself
   * @param known the class names in index order when they are already fixed (the training set's classes, at
   *     evaluate or test time); a label outside them is an error. Empty: classes are found in the data.
   */
  record Classes(int count, List<String> known) implements Target {
    public Classes {
      known = List.copyOf(known);
      if (count < 0) {
        throw new IllegalArgumentException("class count must not be negative: " + count);
      }
    }
  }

  /** {@code outputs} real-valued targets per sample, one label column each. */
  record Regression(int outputs) implements Target {
    public Regression {
      if (outputs < 1) {
        throw new IllegalArgumentException("a regression target has at least one output: " + outputs);
      }
    }
  }

  /**
   * No labels: every column (except a named label column, when present) is a feature; or, when {@code columns} is
   * not empty, exactly the columns of those names, in that order (a CSV's other columns are ignored).
   */
  record None(List<String> columns) implements Target {
    public None {
      columns = List.copyOf(columns);
    }

    /** Every column but the label is a feature, in the file's order. */
    public None() {
      this(List.of());
    }
  }

  /** Classes found in the data; at most {@code count} of them (0: any number). */
  static Target classes(int count) {
    return new Classes(count, List.of());
  }

  /** Classes fixed in advance, for example by the training set. */
  static Target classes(List<String> known) {
    return new Classes(known.size(), known);
  }

  static Target regression(int outputs) {
    return new Regression(outputs);
  }

  static Target none() {
    return new None();
  }
}
