package dev.nnet.compiler.model;

/** A loss with its parameter: {@code delta} is huber's threshold (Keras default 1.0), 0 and unused otherwise. */
public record Loss(LossKind kind, double delta) {
  public static Loss of(LossKind kind) {
    return new Loss(kind, kind == LossKind.HUBER ? 1.0 : 0);
  }
}
