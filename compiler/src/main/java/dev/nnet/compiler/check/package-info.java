/**
 * Checking: the syntax tree to the typed model, names resolved, shapes inferred, defaults filled in, every problem
 * reported. Each layer keyword's checking and shape rule is a {@link dev.nnet.compiler.check.LayerKind} in the layer
 * kind's package under {@code dev.nnet.compiler.layers}, handed in by the caller; the argument readers they share are
 * here ({@code Arguments}, {@code LayerChecker}). Depends on ast, model and diag; never on ANTLR.
 */
package dev.nnet.compiler.check;
