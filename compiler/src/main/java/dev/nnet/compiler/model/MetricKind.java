package dev.nnet.compiler.model;

/** Metrics reported during training and evaluation. {@code ACCURACY} means the kind that fits the task. */
public enum MetricKind {
  ACCURACY("accuracy"),
  TOP_K_ACCURACY("top_k_accuracy"),
  PRECISION("precision"),
  RECALL("recall"),
  F1("f1"),
  MSE("mse"),
  MAE("mae"),
  R2("r2");

  private final String keyword;

  MetricKind(String keyword) {
    this.keyword = keyword;
  }

  public String keyword() {
    return keyword;
  }
}
