package dev.nnet.compiler.model;

/** Which reduction a pooling layer applies. */
public enum PoolKind {
  MAX,
  AVERAGE
}
