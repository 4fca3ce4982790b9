/**
 * What generated models link against: the {@link dev.nnet.runtime.Network} contract and the base classes generated
 * networks extend ({@link dev.nnet.runtime.GeneratedNetwork}, {@link dev.nnet.runtime.FloatNetwork},
 * {@link dev.nnet.runtime.DoubleNetwork}), parameters, data sets and the random source. Sub-packages hold kernels,
 * optimizers, data loading, training and checkpoints. Depends on EJML, and on the kernel package (batch loading)
 * and the blas package (the threads a layer's parts, and a large batch's loading, run on); knows nothing of the
 * compiler.
 *
 * <p>A new kernel follows EJML's conventions: the output arguments last, an operation that overwrites its input named
 * {@code …Equals}, Javadoc stating the formula and what is modified. Where a float32 class would repeat a float64
 * one but for its types, only the float64 one is written and the build generates the other (see the layer
 * package).
 */
package dev.nnet.runtime;
