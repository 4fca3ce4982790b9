package dev.nnet.runtime.blas;

import org.ejml.data.DMatrixRMaj;
import org.ejml.data.FMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.CommonOps_FDRM;

/**
 * The portable pure-Java path: EJML's single-threaded row-major products. Shapes are checked as every backend
 * checks them, so that EJML never reshapes {@code c} behind the caller's back.
 */
public final class EjmlBackend implements MatMulBackend {
  @Override
  public String name() {
    return "ejml";
  }

  @Override
  public String describe() {
    return "ejml (EJML pure Java, 1 thread)";
  }

  @Override
  public void mult(FMatrixRMaj a, FMatrixRMaj b, FMatrixRMaj c) {
    Shapes.check("mult", a, false, b, false, c);
    CommonOps_FDRM.mult(a, b, c);
  }

  @Override
  public void multTransA(FMatrixRMaj a, FMatrixRMaj b, FMatrixRMaj c) {
    Shapes.check("multTransA", a, true, b, false, c);
    CommonOps_FDRM.multTransA(a, b, c);
  }

  @Override
  public void multTransB(FMatrixRMaj a, FMatrixRMaj b, FMatrixRMaj c) {
    Shapes.check("multTransB", a, false, b, true, c);
    CommonOps_FDRM.multTransB(a, b, c);
  }

  @Override
  public void mult(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
    Shapes.check("mult", a, false, b, false, c);
    CommonOps_DDRM.mult(a, b, c);
  }

  @Override
  public void multTransA(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
    Shapes.check("multTransA", a, true, b, false, c);
    CommonOps_DDRM.multTransA(a, b, c);
  }

  @Override
  public void multTransB(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
    Shapes.check("multTransB", a, false, b, true, c);
    CommonOps_DDRM.multTransB(a, b, c);
  }
}
