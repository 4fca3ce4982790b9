/**
 * What generated models link against: the {@link dev.nnet.runtime.Network} contract, parameters, data sets and
 * the random source. Sub-packages hold kernels, optimizers, data loading, training and checkpoints. Depends on EJML
 * only; knows nothing of the compiler.
 */
package dev.nnet.runtime;
