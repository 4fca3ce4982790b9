package dev.nnet.runtime.blas;

import org.ejml.data.DMatrixRMaj;
import org.ejml.data.FMatrixRMaj;

/**
 * The fast pure-Java path: register-blocked kernels on the Java Vector API ({@link FloatKernels},
 * {@link DoubleKernels}), with large products split by rows of {@code c} across a {@link Parallel} team. Each element
 * is computed the same way whatever the split, so results are identical for every thread count.
 *
 * <p>Needs the incubating module {@code jdk.incubator.vector} ({@code java --add-modules jdk.incubator.vector});
 * construct it only when {@link Platform#vector()} says the module is present. This class itself names no
 * Vector API type, so it loads either way.
 */
final class VectorBackend implements MatMulBackend {
  /** Rows of {@code c} handed to one thread are a multiple of the kernels' tile height. */
  private static final int ROW_GRAIN = 3;

  private final Parallel team;
  private final FloatJob floatJob = new FloatJob();
  private final DoubleJob doubleJob = new DoubleJob();
  private final ThreadLocal<Scratch> scratch = ThreadLocal.withInitial(Scratch::new);

  VectorBackend(int threads) {
    this.team = Parallel.shared(threads);
  }

  @Override
  public String name() {
    return "vector";
  }

  @Override
  public String describe() {
    int bits = FloatKernels.lanes() * Float.SIZE;
    return "vector (Java Vector API, " + bits + "-bit FMA kernels, " + threadsText(team.threads()) + ")";
  }

  @Override
  public int threads() {
    return team.threads();
  }

  static String threadsText(int threads) {
    return threads == 1 ? "1 thread" : threads + " threads";
  }

  @Override
  public void mult(FMatrixRMaj a, FMatrixRMaj b, FMatrixRMaj c) {
    Shapes.check("mult", a, false, b, false, c);
    productF(a.data, a.numCols, 1, b.data, c.data, a.numRows, b.numCols, a.numCols);
  }

  @Override
  public void multTransA(FMatrixRMaj a, FMatrixRMaj b, FMatrixRMaj c) {
    Shapes.check("multTransA", a, true, b, false, c);
    productF(a.data, 1, a.numCols, b.data, c.data, a.numCols, b.numCols, a.numRows);
  }

  @Override
  public void multTransB(FMatrixRMaj a, FMatrixRMaj b, FMatrixRMaj c) {
    Shapes.check("multTransB", a, false, b, true, c);
    float[] bt = scratch.get().floatTransposed(b.numRows * b.numCols);
    FloatKernels.transpose(b.data, b.numRows, b.numCols, bt);
    productF(a.data, a.numCols, 1, bt, c.data, a.numRows, b.numRows, a.numCols);
  }

  @Override
  public void mult(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
    Shapes.check("mult", a, false, b, false, c);
    productD(a.data, a.numCols, 1, b.data, c.data, a.numRows, b.numCols, a.numCols);
  }

  @Override
  public void multTransA(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
    Shapes.check("multTransA", a, true, b, false, c);
    productD(a.data, 1, a.numCols, b.data, c.data, a.numCols, b.numCols, a.numRows);
  }

  @Override
  public void multTransB(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
    Shapes.check("multTransB", a, false, b, true, c);
    double[] bt = scratch.get().doubleTransposed(b.numRows * b.numCols);
    DoubleKernels.transpose(b.data, b.numRows, b.numCols, bt);
    productD(a.data, a.numCols, 1, bt, c.data, a.numRows, b.numRows, a.numCols);
  }

  /**
   * The calling thread's buffers: {@code b} transposed (for {@code a · bᵀ}) and the zero-padded tail panel of
   * {@code b}. Grown on demand, so allocation happens on the first products only; threads calling this backend
   * concurrently each have their own.
   */
  private static final class Scratch {
    private float[] floatTransposed = new float[0];
    private float[] floatTail = new float[0];
    private double[] doubleTransposed = new double[0];
    private double[] doubleTail = new double[0];

    float[] floatTransposed(int size) {
      if (floatTransposed.length < size) {
        floatTransposed = new float[size];
      }
      return floatTransposed;
    }

    float[] floatTail(int size) {
      if (floatTail.length < size) {
        floatTail = new float[size];
      }
      return floatTail;
    }

    double[] doubleTransposed(int size) {
      if (doubleTransposed.length < size) {
        doubleTransposed = new double[size];
      }
      return doubleTransposed;
    }

    double[] doubleTail(int size) {
      if (doubleTail.length < size) {
        doubleTail = new double[size];
      }
      return doubleTail;
    }
  }

  private void productF(float[] a, int ars, int acs, float[] b, float[] c, int m, int n, int k) {
    float[] tail = scratch.get().floatTail(FloatKernels.tailSize(n, k));
    FloatKernels.packTail(b, n, k, tail);
    if (!parallel(m, n, k)) {
      FloatKernels.ab(a, ars, acs, b, tail, c, n, k, 0, m);
      return;
    }
    synchronized (team) {
      team.run(floatJob.set(a, ars, acs, b, tail, c, m, n, k));
    }
  }

  private void productD(double[] a, int ars, int acs, double[] b, double[] c, int m, int n, int k) {
    double[] tail = scratch.get().doubleTail(DoubleKernels.tailSize(n, k));
    DoubleKernels.packTail(b, n, k, tail);
    if (!parallel(m, n, k)) {
      DoubleKernels.ab(a, ars, acs, b, tail, c, n, k, 0, m);
      return;
    }
    synchronized (team) {
      team.run(doubleJob.set(a, ars, acs, b, tail, c, m, n, k));
    }
  }

  /**
   * Whether a product is worth splitting: at least {@link Parallel#MIN_PART_MACS} multiply-adds. A
   * product inside a part of a parallel layer (a convolution's chunk) is not split again: the team is busy.
   */
  private boolean parallel(int m, int n, int k) {
    return team.threads() > 1 && (long) m * n * k >= Parallel.MIN_PART_MACS && m >= 2 * ROW_GRAIN
        && !team.insidePart();
  }

  /**
   * The operands of one split product, set before each run: a reusable object, so a product allocates nothing. It
   * is set and run while holding the team's lock, so concurrent callers take turns. Products run in the caller
   * alone use no job at all, so threads calling this backend concurrently never share state.
   */
  private abstract static class Job implements Parallel.Job {
    int ars;
    int acs;
    int m;
    int n;
    int k;

    @Override
    public final void run(int part, int parts) {
      int per = (m + parts - 1) / parts;
      per = (per + ROW_GRAIN - 1) / ROW_GRAIN * ROW_GRAIN;
      int i0 = Math.min(m, part * per);
      rows(i0, Math.min(m, i0 + per));
    }

    abstract void rows(int i0, int i1);
  }

  private static final class FloatJob extends Job {
    float[] a;
    float[] b;
    float[] tail;
    float[] c;

    FloatJob set(float[] a, int ars, int acs, float[] b, float[] tail, float[] c, int m, int n, int k) {
      this.a = a;
      this.b = b;
      this.tail = tail;
      this.c = c;
      this.ars = ars;
      this.acs = acs;
      this.m = m;
      this.n = n;
      this.k = k;
      return this;
    }

    @Override
    void rows(int i0, int i1) {
      FloatKernels.ab(a, ars, acs, b, tail, c, n, k, i0, i1);
    }
  }

  private static final class DoubleJob extends Job {
    double[] a;
    double[] b;
    double[] tail;
    double[] c;

    DoubleJob set(double[] a, int ars, int acs, double[] b, double[] tail, double[] c, int m, int n, int k) {
      this.a = a;
      this.b = b;
      this.tail = tail;
      this.c = c;
      this.ars = ars;
      this.acs = acs;
      this.m = m;
      this.n = n;
      this.k = k;
      return this;
    }

    @Override
    void rows(int i0, int i1) {
      DoubleKernels.ab(a, ars, acs, b, tail, c, n, k, i0, i1);
    }
  }
}
