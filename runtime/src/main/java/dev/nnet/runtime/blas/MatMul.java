package dev.nnet.runtime.blas;

import org.ejml.data.DMatrixRMaj;
import org.ejml.data.FMatrixRMaj;

/**
 * The matrix products generated code calls, dispatched to the backend in use. Row-major throughout; {@code c} is
 * reshaped by the caller, never here, and is overwritten. The backend is chosen once, before training starts.
 */
public final class MatMul {
  private static volatile MatMulBackend backend = new EjmlBackend();

  private MatMul() {}

  public static MatMulBackend backend() {
    return backend;
  }

  public static void setBackend(MatMulBackend b) {
    backend = java.util.Objects.requireNonNull(b);
  }

  /** c = a · b */
  public static void mult(FMatrixRMaj a, FMatrixRMaj b, FMatrixRMaj c) {
    backend.mult(a, b, c);
  }

  /** c = aᵀ · b */
  public static void multTransA(FMatrixRMaj a, FMatrixRMaj b, FMatrixRMaj c) {
    backend.multTransA(a, b, c);
  }

  /** c = a · bᵀ */
  public static void multTransB(FMatrixRMaj a, FMatrixRMaj b, FMatrixRMaj c) {
    backend.multTransB(a, b, c);
  }

  /** c = a · b */
  public static void mult(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
    backend.mult(a, b, c);
  }

  /** c = aᵀ · b */
  public static void multTransA(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
    backend.multTransA(a, b, c);
  }

  /** c = a · bᵀ */
  public static void multTransB(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
    backend.multTransB(a, b, c);
  }
}
