/**
 * Parsing: model text to the syntax tree ({@link dev.nnet.compiler.ast}) with the ANTLR grammar, syntax errors
 * reported as friendly diagnostics. The only package that sees ANTLR types; depends on grammar, ast and diag.
 */
package dev.nnet.compiler.parse;
