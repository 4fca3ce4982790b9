/**
 * Matrix multiply for generated code: the {@link dev.nnet.runtime.blas.MatMul} facade and its backends (native BLAS
 * through netlib, Vector API kernels, EJML). Depends on EJML, netlib's BLAS binding and, if present, the Vector API.
 */
package dev.nnet.runtime.blas;
