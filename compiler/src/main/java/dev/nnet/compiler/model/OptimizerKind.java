package dev.nnet.compiler.model;

/** The optimizers of the language. */
public enum OptimizerKind {
  SGD("sgd"),
  ADAM("adam"),
  ADAMW("adamw"),
  RMSPROP("rmsprop"),
  ADAGRAD("adagrad");

  private final String keyword;

  OptimizerKind(String keyword) {
    this.keyword = keyword;
  }

  public String keyword() {
    return keyword;
  }
}
