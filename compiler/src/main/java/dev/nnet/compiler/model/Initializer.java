package dev.nnet.compiler.model;

/**
 * Weight initializers, named as in Keras. Kernels default to glorot_uniform, recurrent kernels to orthogonal,
 * biases to zeros.
 */
public enum Initializer {
  GLOROT_UNIFORM("glorot_uniform"),
  GLOROT_NORMAL("glorot_normal"),
  HE_UNIFORM("he_uniform"),
  HE_NORMAL("he_normal"),
  LECUN_UNIFORM("lecun_uniform"),
  LECUN_NORMAL("lecun_normal"),
  ORTHOGONAL("orthogonal"),
  ZEROS("zeros"),
  ONES("ones");

  private final String keyword;

  Initializer(String keyword) {
    this.keyword = keyword;
  }

  public String keyword() {
    return keyword;
  }
}
