/**
 * The element-wise and per-row kernels generated code calls between matrix products: activations, losses, the L2
 * penalty, bias, dropout, initializers, batch loading, convolution, pooling, batch and layer normalization. Each is
 * overloaded for float[] and double[] so generated code differs only in types. Depends on
 * {@link dev.nnet.runtime.Rng}, EJML's matrices ({@code Parts}' per-part buffers), Commons Numbers (erfc, for gelu),
 * the JDK, and the blas package's {@code MatMul.vectorApi()}, which says whether the Vector API loops of
 * {@code VectorPasses} may run ({@code Vectorized}).
 */
package dev.nnet.runtime.kernel;
