package dev.nnet.runtime.blas;

import org.ejml.data.DMatrixRMaj;
import org.ejml.data.FMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.CommonOps_FDRM;

/** The portable pure-Java path: EJML's single-threaded row-major products. */
public final class EjmlBackend implements MatMulBackend {
  @Override
  public String name() {
    return "ejml";
  }

  @Override
  public void mult(FMatrixRMaj a, FMatrixRMaj b, FMatrixRMaj c) {
    CommonOps_FDRM.mult(a, b, c);
  }

  @Override
  public void multTransA(FMatrixRMaj a, FMatrixRMaj b, FMatrixRMaj c) {
    CommonOps_FDRM.multTransA(a, b, c);
  }

  @Override
  public void multTransB(FMatrixRMaj a, FMatrixRMaj b, FMatrixRMaj c) {
    CommonOps_FDRM.multTransB(a, b, c);
  }

  @Override
  public void mult(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
    CommonOps_DDRM.mult(a, b, c);
  }

  @Override
  public void multTransA(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
    CommonOps_DDRM.multTransA(a, b, c);
  }

  @Override
  public void multTransB(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
    CommonOps_DDRM.multTransB(a, b, c);
  }
}
