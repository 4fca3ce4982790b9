package dev.nnet.compiler.model;

/** The floating-point type of generated code: float32 by default as in Keras, float64 on request. */
public enum Precision {
  FLOAT32,
  FLOAT64
}
