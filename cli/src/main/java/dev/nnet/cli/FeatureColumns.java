package dev.nnet.cli;

import dev.nnet.runtime.data.CsvReader;
import dev.nnet.runtime.data.DataPlan;
import dev.nnet.runtime.data.Source;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The names of the CSV columns a model was trained on, saved with the trained model so that {@code predict} can
 * match an input's columns by name: a file with the same columns in another order must not be read by position.
 */
final class FeatureColumns {
  /** The checkpoint metadata key. */
  static final String KEY = "features";

  /** Between names: a NUL, which no CSV nnet reads may hold. */
  private static final String SEPARATOR = "\0";

  private FeatureColumns() {}

  /** The training CSV's feature columns, or none for IDX data. */
  static List<String> of(DataPlan plan) {
    return plan.train() instanceof Source.Csv c
        ? CsvReader.featureColumns(c.path(), c.labelColumn(), plan.target())
        : List.of();
  }

  static String encode(List<String> names) {
    return String.join(SEPARATOR, names);
  }

  /** The names saved in {@code metadata}; empty for IDX data and for models saved before names were. */
  static List<String> decode(Map<String, String> metadata) {
    String saved = metadata.getOrDefault(KEY, "");
    return saved.isEmpty() ? List.of() : Arrays.asList(saved.split(SEPARATOR, -1));
  }
}
