package dev.nnet.runtime.blas;

import org.ejml.data.DMatrixRMaj;
import org.ejml.data.FMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.CommonOps_FDRM;

/**
 * The portable pure-Java path: EJML's single-threaded row-major products. Shapes are checked as every backend
 * checks them, so that EJML never reshapes {@code c} behind the caller's back. Its products stay on one thread;
 * {@link #threads()} is what the layers' own parts (a convolution's chunks) may use.
 */
public final class EjmlBackend implements MatMulBackend {
  private final int threads;

  /** Everything on one thread. */
  public EjmlBackend() {
    this(1);
  }

  /** Products on one thread, the layers' parts on {@code threads}. */
  public EjmlBackend(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("thread count must be at least 1, got " + threads);
    }
    this.threads = threads;
  }

  @Override
  public String name() {
    return "ejml";
  }

  @Override
  public String describe() {
    return "ejml (EJML pure Java, " + (threads == 1 ? "1 thread" : threads + " threads, products on 1") + ")";
  }

  @Override
  public int threads() {
    return threads;
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
