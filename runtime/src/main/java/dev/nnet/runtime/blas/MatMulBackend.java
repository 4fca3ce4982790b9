package dev.nnet.runtime.blas;

import org.ejml.data.DMatrixRMaj;
import org.ejml.data.FMatrixRMaj;

/**
 * One implementation of the three products a network needs. Dimensions are taken from the matrices' current
 * {@code numRows} and {@code numCols} (a partial batch is a reshaped buffer); {@code c} is overwritten and must
 * not alias {@code a} or {@code b}. Implementations allocate nothing per call.
 */
public interface MatMulBackend {
  /** A short name shown to users, the one {@link MatMul#select} takes: {@code blas}, {@code vector}, {@code ejml}. */
  String name();

  /** The name with what the backend runs on and its threads, e.g. {@code blas (OpenBLAS via netlib, 2 threads)}. */
  default String describe() {
    return name();
  }

  /**
   * The threads a training step runs on with this backend: those its large products use, and those the layers'
   * own parts (a convolution's chunks, see {@link MatMul#team()}) run on.
   */
  default int threads() {
    return 1;
  }

  /** c = a · b */
  void mult(FMatrixRMaj a, FMatrixRMaj b, FMatrixRMaj c);

  /** c = aᵀ · b */
  void multTransA(FMatrixRMaj a, FMatrixRMaj b, FMatrixRMaj c);

  /** c = a · bᵀ */
  void multTransB(FMatrixRMaj a, FMatrixRMaj b, FMatrixRMaj c);

  /** c = a · b */
  void mult(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c);

  /** c = aᵀ · b */
  void multTransA(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c);

  /** c = a · bᵀ */
  void multTransB(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c);
}
