package dev.nnet.compiler.model;

/** Convolution and pooling padding, as in Keras: valid (none) or same (output size = ceil(input / stride)). */
public enum Padding {
  VALID,
  SAME
}
