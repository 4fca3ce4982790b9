package dev.nnet.cli;

import dev.nnet.runtime.train.EpochRecord;
import dev.nnet.runtime.train.History;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code --json} document of a training run:
 *
 * <pre>
 * {"model": "Iris", "files": {"weights": "...", "history": "...", "plot": "..."},
 *  "history": [{"epoch": 1, "seconds": 0.03, "loss": 0.88, "accuracy": 0.54}, ...],
 *  "stopped_early": false, "best_epoch": 0,
 *  "test": {"loss": 0.37, "accuracy": 0.87}}
 * </pre>
 *
 * Numbers are written in Java's shortest round-trip form; NaN and infinities, which JSON lacks, as {@code null}.
 */
final class RunJson {
  private RunJson() {}

  /**
   * @param files the run's output files by role ({@code weights}, {@code history}, {@code plot}), in order
   */
  static String render(String model, Map<String, String> files, History history, Map<String, Double> test) {
    StringBuilder s = new StringBuilder("{\n  \"model\": ").append(quote(model)).append(",\n  \"files\": {");
    boolean first = true;
    for (Map.Entry<String, String> f : files.entrySet()) {
      s.append(first ? "" : ", ").append(quote(f.getKey())).append(": ").append(quote(f.getValue()));
      first = false;
    }
    s.append("},\n  \"history\": [");
    for (int i = 0; i < history.epochs().size(); i++) {
      EpochRecord e = history.epochs().get(i);
      s.append(i == 0 ? "\n    " : ",\n    ").append("{\"epoch\": ").append(e.epoch())
          .append(", \"seconds\": ").append(number(e.seconds()));
      e.values().forEach((k, v) -> s.append(", ").append(quote(k)).append(": ").append(number(v)));
      s.append('}');
    }
    s.append(history.epochs().isEmpty() ? "]" : "\n  ]");
    s.append(",\n  \"stopped_early\": ").append(history.stoppedEarly());
    s.append(",\n  \"best_epoch\": ").append(history.bestEpoch());
    s.append(",\n  \"test\": {");
    first = true;
    for (Map.Entry<String, Double> e : test.entrySet()) {
      s.append(first ? "" : ", ").append(quote(e.getKey())).append(": ").append(number(e.getValue()));
      first = false;
    }
    return s.append("}\n}\n").toString();
  }

  static String number(double v) {
    if (!Double.isFinite(v)) {
      return "null";
    }
    return v == Math.rint(v) && Math.abs(v) < 1e15
        ? Long.toString((long) v)
        : Double.toString(v).toLowerCase(Locale.ROOT);
  }

  static String quote(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) {
            sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append('"').toString();
  }
}
