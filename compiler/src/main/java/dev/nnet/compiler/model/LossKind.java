package dev.nnet.compiler.model;

/** The loss functions of the language, by their names in {@code .nnet} files. */
public enum LossKind {
  MEAN_SQUARED_ERROR("mean_squared_error"),
  MEAN_ABSOLUTE_ERROR("mean_absolute_error"),
  /** The Euclidean distance ‖t − p‖ per sample, averaged over the batch. */
  EUCLIDEAN("euclidean"),
  BINARY_CROSSENTROPY("binary_crossentropy"),
  CATEGORICAL_CROSSENTROPY("categorical_crossentropy"),
  /** Categorical cross-entropy against integer class labels. */
  SPARSE_CATEGORICAL_CROSSENTROPY("sparse_categorical_crossentropy"),
  HUBER("huber");

  private final String keyword;

  LossKind(String keyword) {
    this.keyword = keyword;
  }

  public String keyword() {
    return keyword;
  }
}
