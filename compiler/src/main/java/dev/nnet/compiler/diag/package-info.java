/**
 * Diagnostics: the one list that the lexer, parser and checker report into, and how a diagnostic is rendered
 * ({@code file:line:col: error[CODE]: message}, the source line, a caret, a hint). Depends on nothing in nnet.
 */
package dev.nnet.compiler.diag;
