/**
 * Matrix multiply for generated code, behind one static facade ({@link dev.nnet.runtime.blas.MatMul}) with
 * swappable backends. Row-major EJML matrices throughout; depends on EJML only.
 */
package dev.nnet.runtime.blas;
