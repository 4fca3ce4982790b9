package dev.nnet.runtime.data;

import java.io.IOException;
import java.nio.ByteBuffer;
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

  /** The largest plain text file read: it is read whole (a path naming a device or a huge file stops here). */
  static final int MAX_PLAIN_BYTES = 1 << 28;

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

  /**
   * One text per line of a plain UTF-8 file (LF or CRLF); empty lines are texts too (all padding). Each line is
   * decoded on its own so that a byte that is not UTF-8 is reported on its line.
   */
  private static Table lines(Path path) {
    byte[] bytes;
    try (SourceStream stream = SourceStream.open(path)) {
      try {
        bytes = stream.in().readNBytes(MAX_PLAIN_BYTES + 1);
      } catch (IOException e) {
        throw stream.failure(e);
      }
    }
    if (bytes.length > MAX_PLAIN_BYTES) {
      throw new DataException(path + ": more than " + MAX_PLAIN_BYTES + " bytes; a file of texts, one per line, is"
          + " read whole: split it, or give it as a CSV");
    }
    List<String> texts = new ArrayList<>();
    List<String> where = new ArrayList<>();
    var decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    int start = bytes.length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB && (bytes[2] & 0xFF) == 0xBF
        ? 3 : 0;
    while (start < bytes.length) {
      int end = start;
      while (end < bytes.length && bytes[end] != '\n') {
        end++;
      }
      int stop = end > start && bytes[end - 1] == '\r' ? end - 1 : end;
      String line = path + ", line " + (texts.size() + 1);
      try {
        texts.add(decoder.decode(ByteBuffer.wrap(bytes, start, stop - start)).toString());
      } catch (CharacterCodingException e) {
        throw new DataException(line + ": not UTF-8 text; save the file as UTF-8");
      }
      where.add(line);
      start = end + 1;
    }
    if (texts.isEmpty()) {
      throw new DataException(path + ": the file is empty; expected one text per line");
    }
    return new Table(texts, new float[0], List.of(), where);
  }
}
