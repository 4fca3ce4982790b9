package dev.nnet.runtime.data;

import dev.nnet.runtime.Dataset;
import dev.nnet.runtime.io.Excerpt;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a CSV file (UTF-8, optionally gzipped, RFC 4180 quoting, LF or CRLF) with a header row into a
 * {@link Dataset}. The label column is named, or the last column when the name is empty; every other column is a
 * feature and must hold a finite number in every row.
 *
 * <p>Class labels follow {@link ClassLabels}: when all labels are integers in {@code [0, count)} of a
 * {@link Target.Classes} with a count, the label is the class index; other integer labels are classes in numeric
 * order; any other labels are classes in sorted (string) order. With known classes (the training set's), a label
 * must be one of them.
 */
public final class CsvReader {
  private CsvReader() {}

  /**
   * Reads {@code path}.
   *
   * @param labelColumn the label column's name; empty for the last column (the last {@code outputs} columns for a
   *     multi-output regression, where names are given comma-separated)
   * @param scale multiplies every feature on load (1 for none)
   * @param target what the label column holds; with {@link Target.None} the named label column, if present, is
   *     dropped and every other column is a feature
   * @param featureSize the number of features the model expects, or 0 to accept any
   * @throws DataException for any problem with the file, naming it, the line and the column
   */
  public static Dataset read(Path path, String labelColumn, double scale, Target target, int featureSize) {
    try (SourceStream source = SourceStream.open(path)) {
      CsvParser parser = new CsvParser(source.in(), path.toString());
      try {
        return new CsvReader.Run(path.toString(), parser, labelColumn, (float) scale, target, featureSize).read();
      } catch (IOException e) {
        throw source.failure(e);
      }
    }
  }

  /**
   * The names of the columns {@link #read} would take as features, in order, reading only the header: every column
   * but the label column(s) chosen by {@code labelColumn} and {@code target}, as in {@link #read}.
   *
   * @throws DataException for a missing or malformed header
   */
  public static List<String> featureColumns(Path path, String labelColumn, Target target) {
    try (SourceStream source = SourceStream.open(path)) {
      CsvParser parser = new CsvParser(source.in(), path.toString());
      try {
        Run run = new CsvReader.Run(path.toString(), parser, labelColumn, 1f, target, 0);
        List<String> row = new ArrayList<>();
        if (!parser.next(row)) {
          throw new DataException(path + ": the file is empty; expected a header row naming the columns");
        }
        run.readHeader(row);
        List<String> names = new ArrayList<>();
        for (int i : run.featureIndex) {
          names.add(run.header.get(i));
        }
        return names;
      } catch (IOException e) {
        throw source.failure(e);
      }
    }
  }

  /** One read of one file: the header's layout, then rows. */
  private static final class Run {
    private final String file;
    private final CsvParser parser;
    private final String labelSpec;
    private final float scale;
    private final Target target;
    private final int expectedFeatures;

    private List<String> header;
    private int[] labelIndex;
    private int[] featureIndex;

    Run(String file, CsvParser parser, String labelSpec, float scale, Target target, int expectedFeatures) {
      this.file = file;
      this.parser = parser;
      this.labelSpec = labelSpec == null ? "" : labelSpec.strip();
      this.scale = scale;
      this.target = target;
      this.expectedFeatures = expectedFeatures;
    }

    Dataset read() throws IOException {
      List<String> row = new ArrayList<>();
      if (!parser.next(row)) {
        throw new DataException(
            file + ": the file is empty; expected a header row naming the columns, then one row per sample");
      }
      readHeader(row);
      int nf = featureIndex.length;
      int nl = labelIndex.length;
      float[] features = new float[1024 * Math.max(1, nf)];
      float[] values = target instanceof Target.Regression ? new float[1024 * nl] : null;
      List<String> labels = target instanceof Target.Classes ? new ArrayList<>() : null;
      int[] labelLines = target instanceof Target.Classes ? new int[1024] : null;
      int rows = 0;
      while (parser.next(row)) {
        int line = parser.recordLine();
        if (row.size() != header.size()) {
          throw new DataException(
              file + ", line " + line + ": expected " + header.size() + " columns (as in the header), found "
                  + row.size()
                  + (row.size() > header.size() ? "; is a text cell with a comma missing its quotes?" : ""));
        }
        if ((long) (rows + 1) * nf > features.length) {
          features = Arrays.copyOf(features, grow(features.length, (long) (rows + 1) * nf));
        }
        for (int j = 0; j < nf; j++) {
          features[rows * nf + j] = number(row, featureIndex[j], line, "") * scale;
        }
        if (values != null) {
          if ((long) (rows + 1) * nl > values.length) {
            values = Arrays.copyOf(values, grow(values.length, (long) (rows + 1) * nl));
          }
          for (int j = 0; j < nl; j++) {
            values[rows * nl + j] = number(row, labelIndex[j], line, " as the regression target");
          }
        } else if (labels != null) {
          String label = row.get(labelIndex[0]).strip();
          if (label.isEmpty()) {
            throw new DataException(
                where(line, labelIndex[0]) + ": the label is empty; every sample needs its class");
          }
          labels.add(label);
          if (rows == labelLines.length) {
            labelLines = Arrays.copyOf(labelLines, rows * 2);
          }
          labelLines[rows] = line;
        }
        rows++;
      }
      if (rows == 0) {
        throw new DataException(file + ": the file has a header row but no samples");
      }
      float[] x = Arrays.copyOf(features, rows * nf);
      if (target instanceof Target.Regression) {
        return new Dataset(x, nf, Arrays.copyOf(values, rows * nl), nl, rows, List.of());
      }
      if (target instanceof Target.Classes c) {
        return classify(x, nf, rows, labels, labelLines, c);
      }
      return new Dataset(x, nf, new float[0], 0, rows, List.of());
    }

    private static int grow(int current, long needed) {
      long n = Math.max(needed, (long) current * 2);
      if (n > Integer.MAX_VALUE - 8) {
        if (needed > Integer.MAX_VALUE - 8) {
          throw new DataException("the data set is too large: more than " + (Integer.MAX_VALUE - 8) + " values");
        }
        n = Integer.MAX_VALUE - 8;
      }
      return (int) n;
    }

    private void readHeader(List<String> row) {
      header = new ArrayList<>(row.size());
      for (String name : row) {
        header.add(name.strip());
      }
      if (header.stream().allMatch(CsvText::isNumber)) {
        throw new DataException(
            file + ", line " + parser.recordLine() + ": the first row (" + CsvText.preview(header)
                + ") looks like data, not column names; nnet needs a header row naming the columns");
      }
      Map<String, Integer> seen = new HashMap<>();
      for (int i = 0; i < header.size(); i++) {
        Integer before = seen.putIfAbsent(header.get(i), i);
        if (before != null) {
          throw new DataException(
              file + ", line " + parser.recordLine() + ": the column name '" + Excerpt.of(header.get(i))
                  + "' appears twice"
                  + " (columns " + (before + 1) + " and " + (i + 1) + "); column names must be unique");
        }
      }
      labelIndex = findLabels(seen);
      boolean[] isLabel = new boolean[header.size()];
      for (int i : labelIndex) {
        isLabel[i] = true;
      }
      if (target instanceof Target.None none && !none.columns().isEmpty()) {
        featureIndex = byName(none.columns(), seen);
        return;
      }
      featureIndex = new int[header.size() - labelIndex.length];
      for (int i = 0, k = 0; i < header.size(); i++) {
        if (!isLabel[i]) {
          featureIndex[k++] = i;
        }
      }
      if (featureIndex.length == 0) {
        throw new DataException(file + ": no feature columns, only the label column '"
            + Excerpt.of(header.get(labelIndex[0])) + "'");
      }
      if (expectedFeatures > 0 && featureIndex.length != expectedFeatures) {
        List<String> names = new ArrayList<>();
        for (int i : featureIndex) {
          names.add(header.get(i));
        }
        String besides = labelIndex.length == 0
            ? ""
            : labelIndex.length == 1
                ? " besides the label column '" + Excerpt.of(header.get(labelIndex[0])) + "'"
                : " besides the label columns " + labelNames();
        throw new DataException(
            file + ": the model takes " + expectedFeatures + " input values per sample, but the file has "
                + featureIndex.length + " feature columns" + besides + " (" + CsvText.preview(names) + "); "
                + (labelIndex.length == 0 && featureIndex.length == expectedFeatures + 1
                    ? "if one of them is the label, name it as the label column"
                    : "change the model's input shape, or choose another label column"));
      }
    }

    /** The indices of the columns named {@code names}, in that order; a missing one is an error naming them all. */
    private int[] byName(List<String> names, Map<String, Integer> columns) {
      int[] idx = new int[names.size()];
      List<String> missing = new ArrayList<>();
      for (int j = 0; j < names.size(); j++) {
        Integer i = columns.get(names.get(j));
        if (i == null) {
          missing.add(names.get(j));
        } else {
          idx[j] = i;
        }
      }
      if (!missing.isEmpty()) {
        throw new DataException(
            file + ": the model was trained on columns this file lacks: " + CsvText.preview(missing)
                + "; the file's columns"
                + " are: " + CsvText.preview(header));
      }
      return idx;
    }

    private String labelNames() {
      List<String> names = new ArrayList<>();
      for (int i : labelIndex) {
        names.add("'" + Excerpt.of(header.get(i)) + "'");
      }
      return String.join(", ", names);
    }

    /** The label columns' indices: none for prediction input without a label present. */
    private int[] findLabels(Map<String, Integer> columns) {
      int outputs = target instanceof Target.Regression r ? r.outputs() : 1;
      if (target instanceof Target.None) {
        Integer i = labelSpec.isEmpty() ? null : columns.get(labelSpec);
        return i == null ? new int[0] : new int[] {i};
      }
      if (labelSpec.isEmpty()) {
        if (header.size() <= outputs) {
          throw new DataException(
              file + ": the file has " + header.size() + " column" + (header.size() == 1 ? "" : "s")
                  + ", expected at least one feature column and " + outputs + " label column"
                  + (outputs == 1 ? "" : "s") + " (the last)");
        }
        int[] idx = new int[outputs];
        for (int j = 0; j < outputs; j++) {
          idx[j] = header.size() - outputs + j;
        }
        return idx;
      }
      String[] names = labelSpec.split(",", -1);
      if (names.length != outputs) {
        throw new DataException(
            file + ": the model has " + outputs + " output" + (outputs == 1 ? "" : "s") + " but "
                + names.length + " label column" + (names.length == 1 ? " is" : "s are") + " named ('"
                + labelSpec + "'); name one label column per output, separated by commas");
      }
      int[] idx = new int[outputs];
      for (int j = 0; j < outputs; j++) {
        String name = names[j].strip();
        Integer i = columns.get(name);
        if (i == null) {
          throw new DataException(file + ": no column named '" + Excerpt.of(name) + "'" + suggestion(name)
              + "; the columns are: "
              + CsvText.preview(header));
        }
        idx[j] = i;
      }
      return idx;
    }

    private String suggestion(String name) {
      String best = null;
      int bestDistance = Integer.MAX_VALUE;
      for (String h : header) {
        int d = h.equalsIgnoreCase(name) ? 0 : CsvText.distance(h.toLowerCase(), name.toLowerCase());
        if (d < bestDistance) {
          bestDistance = d;
          best = h;
        }
      }
      return best != null && bestDistance <= Math.max(2, name.length() / 3) ? " (did you mean '" + best + "'?)" : "";
    }

    private float number(List<String> row, int column, int line, String role) {
      String cell = row.get(column).strip();
      if (cell.isEmpty()) {
        throw new DataException(where(line, column) + ": empty cell" + role + "; expected a number (nnet does not"
            + " fill in missing values: remove the row or fill in the value)");
      }
      if (!CsvText.isNumber(cell)) {
        throw new DataException(
            where(line, column) + ": expected a number" + role + ", found \"" + CsvText.abbreviate(cell) + "\"");
      }
      float v = Float.parseFloat(cell);
      if (Float.isInfinite(v)) {
        throw new DataException(where(line, column) + ": the number " + Excerpt.of(cell) + " is too large for float32");
      }
      return v;
    }

    private String where(int line, int column) {
      return file + ", line " + line + ", column " + (column + 1) + " (" + Excerpt.of(header.get(column)) + ")";
    }

    /** Class indices from the label strings, by the rules in the class comment ({@link ClassLabels}). */
    private Dataset classify(float[] x, int nf, int rows, List<String> labels, int[] lines, Target.Classes c) {
      float[] y = new float[rows];
      List<String> classes = ClassLabels.index(labels, c, y, r -> where(lines[r], labelIndex[0]),
          file + ": the label column '" + Excerpt.of(header.get(labelIndex[0])) + "'");
      return new Dataset(x, nf, y, 1, rows, classes);
    }
  }
}
