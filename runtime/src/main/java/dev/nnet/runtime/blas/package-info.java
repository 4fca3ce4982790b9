/**
 * Matrix multiply for generated code: the {@link dev.nnet.runtime.blas.MatMul} facade and its backends (native BLAS
 * through netlib, Vector API kernels, EJML). Depends on EJML, netlib's BLAS binding and, when present, jdk.incubator.vector.
 */
package dev.nnet.runtime.blas;
