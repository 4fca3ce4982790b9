/**
 * The syntax tree of a {@code .nnet} file: immutable records, each with its source span, exactly as written (names
 * not yet resolved, no defaults). Built by the parse package, read by the check package; depends only on diag.
 */
package dev.nnet.compiler.ast;
