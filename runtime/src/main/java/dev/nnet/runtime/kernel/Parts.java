package dev.nnet.runtime.kernel;

import org.ejml.data.DMatrixRMaj;
import org.ejml.data.FMatrixRMaj;

/**
 * How generated networks cut a layer's work into parts for {@code dev.nnet.runtime.blas.Parallel}: contiguous
 * ranges of items (samples, or a convolution's chunks of samples), and one buffer per part, allocated when the
 * network is built so that no step allocates.
 */
public final class Parts {
  private Parts() {}

  /**
   * The first item of {@code part} when {@code items} are cut into {@code parts} contiguous ranges of sizes differing
   * by at most one; part {@code p} covers {@code first(items, p, parts)} up to {@code first(items, p + 1, parts)}.
   */
  public static int first(int items, int part, int parts) {
    return (int) ((long) items * part / parts);
  }

  /** {@code parts} float32 matrices of [rows, cols]. */
  public static FMatrixRMaj[] floatMatrices(int parts, int rows, int cols) {
    FMatrixRMaj[] m = new FMatrixRMaj[parts];
    for (int p = 0; p < parts; p++) {
      m[p] = new FMatrixRMaj(rows, cols);
    }
    return m;
  }

  /** {@code parts} float64 matrices of [rows, cols]. */
  public static DMatrixRMaj[] doubleMatrices(int parts, int rows, int cols) {
    DMatrixRMaj[] m = new DMatrixRMaj[parts];
    for (int p = 0; p < parts; p++) {
      m[p] = new DMatrixRMaj(rows, cols);
    }
    return m;
  }
}
