package dev.nnet.runtime.blas;

import dev.ludovic.netlib.blas.BLAS;
import java.util.Arrays;
import org.ejml.data.DMatrixRMaj;
import org.ejml.data.FMatrixRMaj;

/**
 * The system's BLAS ({@code sgemm}, {@code dgemm}) through netlib's JNI binding, as Apache Spark uses it. BLAS is
 * column-major, and a row-major {@code r × s} array read column-major is its {@code s × r} transpose; so row-major
 * {@code c = a · b} is asked as column-major {@code cᵀ = bᵀ · aᵀ}, which reads the same arrays with no copy:
 *
 * <pre>
 * mult        c = a · b     m×n = (m×k)(k×n)   gemm(N, N, n, m, k, b, ldb=n, a, lda=k, c, ldc=n)
 * multTransA  c = aᵀ · b    a is k×m           gemm(N, T, n, m, k, b, ldb=n, a, lda=m, c, ldc=n)
 * multTransB  c = a · bᵀ    b is n×k           gemm(T, N, n, m, k, b, ldb=k, a, lda=k, c, ldc=n)
 * </pre>
 *
 * <p>Arrays may be longer than {@code numRows × numCols} (a partial batch reshapes a larger buffer): only the
 * leading values are read and written. Threads are the library's own: OpenBLAS takes its count from
 * {@code OPENBLAS_NUM_THREADS} when it loads, and a run with a fixed count is deterministic.
 */
final class BlasBackend implements MatMulBackend {
  private final BLAS blas;
  private final Platform platform;
  private final int requestedThreads;

  BlasBackend(BLAS blas, Platform platform, int requestedThreads) {
    this.blas = blas;
    this.platform = platform;
    this.requestedThreads = requestedThreads;
  }

  @Override
  public String name() {
    return "blas";
  }

  @Override
  public String describe() {
    int threads = platform.blasThreads();
    if (threads == 0) {
      return "blas (" + platform.blasLibrary() + " via netlib, threads as the library decides)";
    }
    String text = "blas (" + platform.blasLibrary() + " via netlib, " + VectorBackend.threadsText(threads);
    if (threads != requestedThreads) {
      // OpenBLAS reads its thread count once, from the environment, before Java can say anything.
      text += "; for " + requestedThreads + ", start Java with OPENBLAS_NUM_THREADS=" + requestedThreads;
    }
    return text + ")";
  }

  @Override
  public int threads() {
    return platform.blasThreads() == 0 ? 1 : platform.blasThreads();
  }

  @Override
  public void mult(FMatrixRMaj a, FMatrixRMaj b, FMatrixRMaj c) {
    Shapes.check("mult", a, false, b, false, c);
    int m = a.numRows, k = a.numCols, n = b.numCols;
    if (trivial(m, n, k, c.data)) {
      return;
    }
    blas.sgemm("N", "N", n, m, k, 1f, b.data, n, a.data, k, 0f, c.data, n);
  }

  @Override
  public void multTransA(FMatrixRMaj a, FMatrixRMaj b, FMatrixRMaj c) {
    Shapes.check("multTransA", a, true, b, false, c);
    int k = a.numRows, m = a.numCols, n = b.numCols;
    if (trivial(m, n, k, c.data)) {
      return;
    }
    blas.sgemm("N", "T", n, m, k, 1f, b.data, n, a.data, m, 0f, c.data, n);
  }

  @Override
  public void multTransB(FMatrixRMaj a, FMatrixRMaj b, FMatrixRMaj c) {
    Shapes.check("multTransB", a, false, b, true, c);
    int m = a.numRows, k = a.numCols, n = b.numRows;
    if (trivial(m, n, k, c.data)) {
      return;
    }
    blas.sgemm("T", "N", n, m, k, 1f, b.data, k, a.data, k, 0f, c.data, n);
  }

  @Override
  public void mult(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
    Shapes.check("mult", a, false, b, false, c);
    int m = a.numRows, k = a.numCols, n = b.numCols;
    if (trivial(m, n, k, c.data)) {
      return;
    }
    blas.dgemm("N", "N", n, m, k, 1.0, b.data, n, a.data, k, 0.0, c.data, n);
  }

  @Override
  public void multTransA(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
    Shapes.check("multTransA", a, true, b, false, c);
    int k = a.numRows, m = a.numCols, n = b.numCols;
    if (trivial(m, n, k, c.data)) {
      return;
    }
    blas.dgemm("N", "T", n, m, k, 1.0, b.data, n, a.data, m, 0.0, c.data, n);
  }

  @Override
  public void multTransB(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
    Shapes.check("multTransB", a, false, b, true, c);
    int m = a.numRows, k = a.numCols, n = b.numRows;
    if (trivial(m, n, k, c.data)) {
      return;
    }
    blas.dgemm("T", "N", n, m, k, 1.0, b.data, k, a.data, k, 0.0, c.data, n);
  }

  /**
   * Handles the shapes BLAS's argument checks reject (a leading dimension must be at least 1): an empty {@code c}
   * needs nothing, and an empty shared dimension makes {@code c} zero.
   */
  private static boolean trivial(int m, int n, int k, float[] c) {
    if (m == 0 || n == 0) {
      return true;
    }
    if (k == 0) {
      Arrays.fill(c, 0, m * n, 0f);
      return true;
    }
    return false;
  }

  private static boolean trivial(int m, int n, int k, double[] c) {
    if (m == 0 || n == 0) {
      return true;
    }
    if (k == 0) {
      Arrays.fill(c, 0, m * n, 0.0);
      return true;
    }
    return false;
  }
}
