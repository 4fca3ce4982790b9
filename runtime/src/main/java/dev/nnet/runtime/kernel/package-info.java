/**
 * The element-wise and per-row kernels generated code calls between matrix products: activations, losses, bias,
 * dropout, initializers, batch loading. Each is overloaded for float[] and double[] so generated code differs
 * only in types. Depends on {@link dev.nnet.runtime.Rng} and the JDK only.
 */
package dev.nnet.runtime.kernel;
