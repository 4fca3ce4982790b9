package dev.nnet.compiler.model;

/**
 * What the model predicts, derived from its loss and output: it picks the kind of accuracy, how labels are read
 * and how predictions are printed.
 */
public enum Task {
  /** One sigmoid unit, targets 0 or 1. */
  BINARY_CLASSIFICATION,
  /** One softmax output per class, targets are class indices (one-hot inside the loss). */
  MULTICLASS_CLASSIFICATION,
  /** Real-valued outputs. */
  REGRESSION
}
