package dev.nnet.compiler.model;

/**
 * A metric; {@code k} is top_k_accuracy's k (default 5), 0 otherwise. {@link #key()} is the name used in history
 * columns and JSON ({@code accuracy}, {@code top_3_accuracy}, {@code mse}, ...).
 */
public record Metric(MetricKind kind, int k) {
  public static Metric of(MetricKind kind) {
    return new Metric(kind, kind == MetricKind.TOP_K_ACCURACY ? 5 : 0);
  }

  public String key() {
    return kind == MetricKind.TOP_K_ACCURACY ? "top_" + k + "_accuracy" : kind.keyword();
  }
}
