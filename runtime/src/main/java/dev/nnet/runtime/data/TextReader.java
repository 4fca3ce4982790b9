package dev.nnet.runtime.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads texts with their labels: a column of a CSV file (with a header row, as {@link CsvReader} reads it), or a plain
 * UTF-8 file with one text per line and no labels (prediction input). Class labels follow {@link ClassLabels}.
 */
final class TextReader {
  private TextReader() {}

  /**
   * Texts in file order, their class indices (empty without labels) and the classes.
   *
   * @param where each row's place in its file, for messages ({@code words.csv, line 12})
   */
  record Table(List<String> texts, float[] labels, List<String> classes, List<String> where) {}

  /**
   * Reads {@code source}: the CSV column {@code source.textColumn()} and the label column, or, when the text column
   * is empty, every line of a plain file.
   *
   * @param target {@link Target.Classes} for labelled data, {@link Target.None} for texts alone
   * @throws DataException naming the file, the line and what was expected
   */
  static Table read(Source.Text source, Target target) {
    if (target instanceof Target.Regression) {
      throw new DataException(source.describe() + ": text data takes class labels; a regression model needs numeric"
          + " features");
    }
    return source.textColumn().isEmpty() ? lines(source.path()) : csv(source, target);
  }

  private static Table csv(Source.Text source, Target target) {
    String file = source.path().toString();
    try (SourceStream stream = SourceStream.open(source.path())) {
      CsvParser parser = new CsvParser(stream.in(), file);
      try {
        List<String> row = new ArrayList<>();
        if (!parser.next(row)) {
          throw new DataException(file + ": the file is empty; expected a header row naming the columns (the text"
              + " column '" + source.textColumn() + "' among them), then one row per sample");
        }
        Map<String, Integer> columns = new HashMap<>();
        for (int i = 0; i < row.size(); i++) {
          columns.putIfAbsent(row.get(i).strip(), i);
        }
        int text = column(columns, source.textColumn(), "text", file, row);
        boolean labelled = target instanceof Target.Classes;
        int label = labelled
            ? (source.labelColumn().isEmpty() ? row.size() - 1 : column(columns, source.labelColumn(), "label", file, row))
            : -1;
        if (label == text) {
          throw new DataException(file + ": the text column and the label column are the same column '"
              + row.get(text).strip() + "'");
        }
        int width = row.size();
        List<String> texts = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        List<String> where = new ArrayList<>();
        while (parser.next(row)) {
          int line = parser.recordLine();
          if (row.size() != width) {
            throw new DataException(file + ", line " + line + ": expected " + width + " columns (as in the header),"
                + " found " + row.size() + (row.size() > width ? "; is a text with a comma missing its quotes?" : ""));
          }
          texts.add(row.get(text));
          where.add(file + ", line " + line);
          if (labelled) {
            String l = row.get(label).strip();
            if (l.isEmpty()) {
              throw new DataException(file + ", line " + line + ", column " + (label + 1)
                  + ": the label is empty; every sample needs its class");
            }
            labels.add(l);
          }
        }
        if (texts.isEmpty()) {
          throw new DataException(file + ": the file has a header row but no samples");
        }
        if (!labelled) {
          return new Table(texts, new float[0], List.of(), where);
        }
        float[] y = new float[texts.size()];
        List<String> classes = ClassLabels.index(labels, (Target.Classes) target, y, where::get,
            file + ": the label column '" + (label < 0 ? "" : source.labelColumn()) + "'");
        return new Table(texts, y, classes, where);
      } catch (IOException e) {
        throw stream.failure(e);
      }
    }
  }

  private static int column(Map<String, Integer> columns, String name, String what, String file, List<String> header) {
    Integer i = columns.get(name);
    if (i == null) {
      throw new DataException(file + ", line 1: no " + what + " column '" + name + "'; the columns are "
          + CsvText.preview(header.stream().map(String::strip).toList()));
    }
    return i;
  }

  /** One text per line of a plain UTF-8 file; empty lines are texts too (all padding), except a last empty line. */
  private static Table lines(Path path) {
    List<String> texts = new ArrayList<>();
    List<String> where = new ArrayList<>();
    try (SourceStream stream = SourceStream.open(path);
        BufferedReader in = new BufferedReader(new InputStreamReader(stream.in(), StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)))) {
      String line;
      while (true) {
        try {
          line = in.readLine();
        } catch (CharacterCodingException e) {
          throw new DataException(path + ", line " + (texts.size() + 1) + ": not UTF-8 text (" + e.getMessage()
              + "); save the file as UTF-8");
        }
        if (line == null) {
          break;
        }
        texts.add(texts.isEmpty() && line.startsWith("\uFEFF") ? line.substring(1) : line);
        where.add(path + ", line " + texts.size());
      }
    } catch (IOException e) {
      throw new DataException(path + ": read failed: " + e.getMessage(), e);
    }
    if (texts.isEmpty()) {
      throw new DataException(path + ": the file is empty; expected one text per line");
    }
    return new Table(texts, new float[0], List.of(), where);
  }
}
