/**
 * What generated models link against: the {@link dev.nnet.runtime.Network} contract and the base classes generated
 * networks extend ({@link dev.nnet.runtime.GeneratedNetwork}, {@link dev.nnet.runtime.FloatNetwork},
 * {@link dev.nnet.runtime.DoubleNetwork}), parameters, data sets and the random source. Sub-packages hold kernels,
 * optimizers, data loading, training and checkpoints. Depends on EJML, and on the kernel package (batch loading)
 * and the blas package (the threads a layer's parts run on); knows nothing of the compiler.
 */
package dev.nnet.runtime;
