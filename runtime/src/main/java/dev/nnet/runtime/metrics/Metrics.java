package dev.nnet.runtime.metrics;

import dev.nnet.runtime.Dataset;
import dev.nnet.runtime.Network;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Creates metrics from their history keys (the compiler's {@code Metric.key()}): {@code accuracy},
 * {@code top_K_accuracy}, {@code precision}, {@code recall}, {@code f1}, {@code mse}, {@code mae}, {@code r2}.
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
      case "precision", "recall", "f1" -> {
        requireClassification(key, task);
        yield new FromConfusion(key, new ConfusionMatrix(task, task.classes(outputs)));
      }
      case "mse" -> new MeanError(key, true, outputs);
      case "mae" -> new MeanError(key, false, outputs);
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

  private static int target(Dataset data, int[] order, int i) {
    return (int) data.targets()[order[i] * data.targetSize()];
  }

  /** Fraction of samples whose predicted class is the target. */
  static final class Accuracy implements Metric {
    private final TaskType task;
    private long right;
    private long total;

    Accuracy(TaskType task) {
      this.task = task;
    }

    @Override
    public String key() {
      return "accuracy";
    }

    @Override
    public void reset() {
      right = 0;
      total = 0;
    }

    @Override
    public void update(Network net, Dataset data, int[] order, int from, int n) {
      for (int r = 0; r < n; r++) {
        if (Predictions.predictedClass(net, r, task) == target(data, order, from + r)) {
          right++;
        }
      }
      total += n;
    }

    @Override
    public double[] exportState() {
      return new double[] {right, total};
    }

    @Override
    public void restoreState(double[] state) {
      checkStateLength(key(), state, 2);
      right = (long) state[0];
      total = (long) state[1];
    }

    @Override
    public double value() {
      return total == 0 ? Double.NaN : (double) right / total;
    }
  }

  /**
   * Fraction of samples whose target is among the {@code k} largest outputs. Outputs tied with the target's count
   * in its favour (as TensorFlow's {@code in_top_k}): the target is in the top k when fewer than k outputs are
   * strictly larger. A binary model's two classes are {@code 1 − p} and {@code p}.
   */
  static final class TopKAccuracy implements Metric {
    private final String key;
    private final int k;
    private final TaskType task;
    private long right;
    private long total;

    TopKAccuracy(String key, int k, TaskType task) {
      if (k < 1) {
        throw new IllegalArgumentException("top-k accuracy needs k of at least 1, got " + k);
      }
      this.key = key;
      this.k = k;
      this.task = task;
    }

    @Override
    public String key() {
      return key;
    }

    @Override
    public void reset() {
      right = 0;
      total = 0;
    }

    @Override
    public void update(Network net, Dataset data, int[] order, int from, int n) {
      for (int r = 0; r < n; r++) {
        int t = target(data, order, from + r);
        int larger;
        if (task == TaskType.BINARY_CLASSIFICATION) {
          double p = net.output(r, 0);
          larger = (t == 1 ? 1 - p > p : p > 1 - p) ? 1 : 0;
        } else {
          double mine = net.output(r, t);
          larger = 0;
          for (int j = 0; j < net.outputSize(); j++) {
            if (net.output(r, j) > mine) {
              larger++;
            }
          }
        }
        if (larger < k) {
          right++;
        }
      }
      total += n;
    }

    @Override
    public double[] exportState() {
      return new double[] {right, total};
    }

    @Override
    public void restoreState(double[] state) {
      checkStateLength(key(), state, 2);
      right = (long) state[0];
      total = (long) state[1];
    }

    @Override
    public double value() {
      return total == 0 ? Double.NaN : (double) right / total;
    }
  }

  /** Precision, recall or F1 read from a confusion matrix (class 1 for binary tasks, macro average otherwise). */
  static final class FromConfusion implements Metric {
    private final String key;
    private final ConfusionMatrix matrix;

    FromConfusion(String key, ConfusionMatrix matrix) {
      this.key = key;
      this.matrix = matrix;
    }

    @Override
    public String key() {
      return key;
    }

    @Override
    public void reset() {
      matrix.reset();
    }

    @Override
    public void update(Network net, Dataset data, int[] order, int from, int n) {
      matrix.update(net, data, order, from, n);
    }

    @Override
    public double[] exportState() {
      return matrix.exportState();
    }

    @Override
    public void restoreState(double[] state) {
      matrix.restoreState(state);
    }

    @Override
    public double value() {
      if (matrix.total() == 0) {
        return Double.NaN;
      }
      return switch (key) {
        case "precision" -> matrix.precision();
        case "recall" -> matrix.recall();
        default -> matrix.f1();
      };
    }
  }

  /**
   * Mean squared or absolute error over every output of every sample. For a classifier the error is between the
   * output probabilities and the one-hot target (Keras' mse on probabilities).
   */
  static final class MeanError implements Metric {
    private final String key;
    private final boolean squared;
    private final int outputs;
    private double sum;
    private long count;

    MeanError(String key, boolean squared, int outputs) {
      this.key = key;
      this.squared = squared;
      this.outputs = outputs;
    }

    @Override
    public String key() {
      return key;
    }

    @Override
    public boolean lowerIsBetter() {
      return true;
    }

    @Override
    public void reset() {
      sum = 0;
      count = 0;
    }

    @Override
    public void update(Network net, Dataset data, int[] order, int from, int n) {
      float[] targets = data.targets();
      int ts = data.targetSize();
      boolean oneHot = ts == 1 && outputs > 1;
      for (int r = 0; r < n; r++) {
        int base = order[from + r] * ts;
        for (int j = 0; j < outputs; j++) {
          double t = oneHot ? (targets[base] == j ? 1 : 0) : targets[base + j];
          double d = net.output(r, j) - t;
          sum += squared ? d * d : Math.abs(d);
        }
      }
      count += (long) n * outputs;
    }

    @Override
    public double[] exportState() {
      return new double[] {sum, count};
    }

    @Override
    public void restoreState(double[] state) {
      checkStateLength(key, state, 2);
      sum = state[0];
      count = (long) state[1];
    }

    @Override
    public double value() {
      return count == 0 ? Double.NaN : sum / count;
    }
  }

  /**
   * The coefficient of determination {@code R² = 1 − SS_res / SS_tot} per output, averaged uniformly over outputs
   * (scikit-learn's default). {@code SS_tot} is accumulated with Welford's update, which stays accurate when the
   * targets' mean is large compared with their spread. An output with constant targets scores 1 if predicted
   * exactly, else 0 (scikit-learn's {@code force_finite}).
   */
  static final class R2 implements Metric {
    private final int outputs;
    private final double[] mean;
    private final double[] m2;
    private final double[] residual;
    private long count;

    R2(int outputs) {
      this.outputs = outputs;
      this.mean = new double[outputs];
      this.m2 = new double[outputs];
      this.residual = new double[outputs];
    }

    @Override
    public String key() {
      return "r2";
    }

    @Override
    public void reset() {
      java.util.Arrays.fill(mean, 0);
      java.util.Arrays.fill(m2, 0);
      java.util.Arrays.fill(residual, 0);
      count = 0;
    }

    @Override
    public void update(Network net, Dataset data, int[] order, int from, int n) {
      float[] targets = data.targets();
      int ts = data.targetSize();
      for (int r = 0; r < n; r++) {
        count++;
        int base = order[from + r] * ts;
        for (int j = 0; j < outputs; j++) {
          double t = targets[base + j];
          double d = t - mean[j];
          mean[j] += d / count;
          m2[j] += d * (t - mean[j]);
          double e = net.output(r, j) - t;
          residual[j] += e * e;
        }
      }
    }

    @Override
    public double[] exportState() {
      double[] state = new double[1 + 3 * outputs];
      state[0] = count;
      System.arraycopy(mean, 0, state, 1, outputs);
      System.arraycopy(m2, 0, state, 1 + outputs, outputs);
      System.arraycopy(residual, 0, state, 1 + 2 * outputs, outputs);
      return state;
    }

    @Override
    public void restoreState(double[] state) {
      checkStateLength("r2", state, 1 + 3 * outputs);
      count = (long) state[0];
      System.arraycopy(state, 1, mean, 0, outputs);
      System.arraycopy(state, 1 + outputs, m2, 0, outputs);
      System.arraycopy(state, 1 + 2 * outputs, residual, 0, outputs);
    }

    @Override
    public double value() {
      if (count == 0) {
        return Double.NaN;
      }
      double sum = 0;
      for (int j = 0; j < outputs; j++) {
        sum += m2[j] == 0 ? (residual[j] == 0 ? 1 : 0) : 1 - residual[j] / m2[j];
      }
      return sum / outputs;
    }
  }
}
