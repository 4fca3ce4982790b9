/**
 * The typed model: what a checked {@code .nnet} file means, with every shape resolved and every default filled in.
 * Immutable records only; the checker builds them, the code generator reads them. Each layer kind's record lives in
 * its package under {@code dev.nnet.compiler.layers} and implements {@link dev.nnet.compiler.model.LayerSpec} here.
 * Depends on nothing else in nnet.
 */
package dev.nnet.compiler.model;
