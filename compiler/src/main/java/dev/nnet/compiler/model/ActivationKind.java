package dev.nnet.compiler.model;

/** The activation functions of the language, by their names in {@code .nnet} files. */
public enum ActivationKind {
  LINEAR("linear"),
  RELU("relu"),
  LEAKY_RELU("leaky_relu"),
  ELU("elu"),
  SIGMOID("sigmoid"),
  TANH("tanh"),
  SOFTMAX("softmax"),
  SOFTPLUS("softplus"),
  SWISH("swish"),
  GELU("gelu");

  private final String keyword;

  ActivationKind(String keyword) {
    this.keyword = keyword;
  }

  /** The name a model file uses. */
  public String keyword() {
    return keyword;
  }
}
