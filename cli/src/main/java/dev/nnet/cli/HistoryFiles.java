package dev.nnet.cli;

import dev.nnet.runtime.io.Excerpt;
import dev.nnet.runtime.train.EpochRecord;
import dev.nnet.runtime.train.History;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a training run's history goes, beside the saved model: {@code iris.weights} gets {@code iris.history.csv}
 * and {@code iris.history.png}; and reading such a CSV back, for {@code nnet plot}.
 */
final class HistoryFiles {
  /** The largest history read: a million epochs of a dozen metrics is far less. */
  static final long MAX_BYTES = 256L << 20;

  private HistoryFiles() {}

  /** {@code NAME.history.csv} beside {@code weights} (NAME: its file name without the extension). */
  static Path csvBeside(Path weights) {
    return weights.resolveSibling(stem(weights) + ".history.csv");
  }

  /** {@code NAME.history.png} beside {@code weights}. */
  static Path plotBeside(Path weights) {
    return weights.resolveSibling(stem(weights) + ".history.png");
  }

  private static String stem(Path file) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot > 0 ? name.substring(0, dot) : name;
  }

  /**
   * Reads a history CSV as {@link History#toCsv()} writes it: a header {@code epoch,seconds,KEY...}, one row per
   * epoch, empty cells for missing values.
   *
   * @throws UserError naming the file and line of the first malformed row
   */
  static History readCsv(Path file) {
    List<String> lines;
    try {
      if (!Files.isRegularFile(file)) {
        throw new UserError(file + ": not a regular file (a device, a pipe or a folder); a history is a CSV file");
      }
      if (Files.size(file) > MAX_BYTES) {
        throw new UserError(file + ": " + Files.size(file) + " bytes is too large for a training history (at most "
            + MAX_BYTES + ")");
      }
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (java.nio.charset.CharacterCodingException e) {
      throw new UserError(file + ": not UTF-8 text; a history is the CSV file train writes");
    } catch (IOException e) {
      throw new UserError("cannot read " + file + ": " + Excerpt.of(String.valueOf(e.getMessage())));
    }
    if (lines.isEmpty() || !lines.get(0).startsWith("epoch,seconds")) {
      throw new UserError(file + ":1: not a training history: the header must start with epoch,seconds"
          + " (as train writes MODEL.history.csv)");
    }
    String[] header = lines.get(0).split(",", -1);
    List<EpochRecord> epochs = new ArrayList<>();
    for (int i = 1; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.isBlank()) {
        continue;
      }
      String[] cells = line.split(",", -1);
      if (cells.length != header.length) {
        throw new UserError(file + ":" + (i + 1) + ": " + cells.length + " cells, the header has " + header.length);
      }
      try {
        Map<String, Double> values = new LinkedHashMap<>();
        for (int c = 2; c < cells.length; c++) {
          if (!cells[c].isBlank()) {
            values.put(header[c], Double.parseDouble(cells[c]));
          }
        }
        double seconds = cells[1].isBlank() ? Double.NaN : Double.parseDouble(cells[1]);
        epochs.add(new EpochRecord(Integer.parseInt(cells[0].trim()), seconds, values));
      } catch (NumberFormatException e) {
        throw new UserError(file + ":" + (i + 1) + ": not a number: " + Excerpt.of(String.valueOf(e.getMessage())));
      }
    }
    if (epochs.isEmpty()) {
      throw new UserError(file + ": the history has no epochs");
    }
    return new History(epochs, false, 0);
  }
}
