package dev.nnet.runtime.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Creates metrics from their history keys (the compiler's {@code Metric.key()}): {@code accuracy},
 * {@code top_K_accuracy}, {@code precision}, {@code recall}, {@code f1}, {@code mse}, {@code mae}, {@code r2}: one
 * class each, implementing {@link Metric} (those that keep the same state share a base: {@link CountingMetric},
 * {@link ConfusionMetric}, {@link MeanError}).
 */
public final class Metrics {
  private static final Pattern TOP_K = Pattern.compile("top_(\\d+)_accuracy");

  private Metrics() {}

  /**
   * The metric named {@code key} for a network with {@code outputs} outputs.
   *
   * @throws IllegalArgumentException for an unknown key, or a metric that does not fit the task
   */
  public static Metric create(String key, TaskType task, int outputs) {
    Matcher topK = TOP_K.matcher(key);
    if (topK.matches()) {
      requireClassification(key, task);
      return new TopKAccuracy(key, Integer.parseInt(topK.group(1)), task);
    }
    return switch (key) {
      case "accuracy" -> {
        requireClassification(key, task);
        yield new Accuracy(task);
      }
      case "precision" -> {
        requireClassification(key, task);
        yield new Precision(task, outputs);
      }
      case "recall" -> {
        requireClassification(key, task);
        yield new Recall(task, outputs);
      }
      case "f1" -> {
        requireClassification(key, task);
        yield new F1(task, outputs);
      }
      case "mse" -> new MeanSquaredError(outputs);
      case "mae" -> new MeanAbsoluteError(outputs);
      case "r2" -> {
        if (task != TaskType.REGRESSION) {
          throw new IllegalArgumentException("r2 is a regression metric; this model classifies");
        }
        yield new R2(outputs);
      }
      default -> throw new IllegalArgumentException(
          "unknown metric '" + key + "'; known: accuracy, top_K_accuracy, precision, recall, f1, mse, mae, r2");
    };
  }

  /** {@link #create} for each key, in order. */
  public static List<Metric> create(List<String> keys, TaskType task, int outputs) {
    List<Metric> list = new ArrayList<>(keys.size());
    for (String key : keys) {
      list.add(create(key, task, outputs));
    }
    return list;
  }

  /** Whether a smaller value of history key {@code key} (with or without {@code val_}) is better. */
  public static boolean lowerIsBetter(String key) {
    String k = key.startsWith("val_") ? key.substring(4) : key;
    return k.equals("loss") || k.endsWith("_loss") || k.equals("mse") || k.equals("mae");
  }

  private static void requireClassification(String key, TaskType task) {
    if (!task.isClassification()) {
      throw new IllegalArgumentException(key + " is a classification metric; this model is a regression");
    }
  }

  static void checkStateLength(String what, double[] state, int expected) {
    if (state.length != expected) {
      throw new IllegalArgumentException(
          "the saved state of " + what + " holds " + state.length + " values, expected " + expected);
    }
  }
}
