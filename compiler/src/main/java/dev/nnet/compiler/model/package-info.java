/**
 * The typed model: what a checked {@code .nnet} file means, with every shape resolved and every default filled in.
 * Immutable records only; the checker builds them, the code generator reads them. Depends on nothing else in nnet.
 */
package dev.nnet.compiler.model;
