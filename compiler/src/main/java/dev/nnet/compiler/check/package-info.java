/**
 * Checking: the syntax tree to the typed model, names resolved, shapes inferred, defaults filled in, every problem
 * reported. Depends on ast, model and diag; never on ANTLR.
 */
package dev.nnet.compiler.check;
