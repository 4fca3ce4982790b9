package dev.nnet.runtime.metrics;

/** What the network predicts; it decides what "accuracy" means and how outputs are read. */
public enum TaskType {
  /** One sigmoid output, the probability of class 1; targets are 0 or 1. */
  BINARY_CLASSIFICATION,
  /** One probability per class; targets are class indices. */
  MULTICLASS_CLASSIFICATION,
  /** Real-valued outputs; targets are the values. */
  REGRESSION;

  public boolean isClassification() {
    return this != REGRESSION;
  }

  /** The number of classes of a network with {@code outputs} outputs (2 for one sigmoid; 0 for regression). */
  public int classes(int outputs) {
    return switch (this) {
      case BINARY_CLASSIFICATION -> 2;
      case MULTICLASS_CLASSIFICATION -> outputs;
      case REGRESSION -> 0;
    };
  }
}
