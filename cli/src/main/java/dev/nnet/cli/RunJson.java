package dev.nnet.cli;

import dev.nnet.runtime.train.History;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code --json} document of a training run: {@code {"history": [...], "test": {...}}}, the history as the
 * runtime renders it and the test metrics keyed as the metrics are named.
 */
final class RunJson {
  private RunJson() {}

  static String render(History history, Map<String, Double> test) {
    StringBuilder s = new StringBuilder("{\"history\": ");
    s.append(historyArray(history)).append(", \"test\": {");
    boolean first = true;
    for (Map.Entry<String, Double> e : test.entrySet()) {
      s.append(first ? "" : ", ").append('"').append(e.getKey()).append("\": ").append(number(e.getValue()));
      first = false;
    }
    return s.append("}}\n").toString();
  }

  /** The runtime's history JSON is an object with an "epochs"-like array or an array itself; take the array. */
  private static String historyArray(History history) {
    String json = history.toJson().strip();
    if (json.startsWith("[")) {
      return json;
    }
    int start = json.indexOf('[');
    int end = json.lastIndexOf(']');
    return start >= 0 && end > start ? json.substring(start, end + 1) : "[]";
  }

  private static String number(double v) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%.6g", v) : "null";
  }
}
