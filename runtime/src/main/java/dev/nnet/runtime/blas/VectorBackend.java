package dev.nnet.runtime.blas;

import org.ejml.data.DMatrixRMaj;
import org.ejml.data.FMatrixRMaj;

/**
 * The fast pure-Java path: register-blocked kernels on the Java Vector API ({@link FloatKernels},
 * {@link DoubleKernels}), with large products split by rows of {@code c} across a {@link Parallel} team, or in two
 * halves of the shared dimension when {@link SharedSplit} says so (then on one thread too). Each element is computed
 * the same way whatever the split, so results are identical for every thread count.
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
   * The calling thread's buffers: {@code b} transposed (for {@code a · bᵀ}), the zero-padded tail panel of {@code b},
   * and the second half of a product cut along its shared dimension. Grown on demand, so allocation happens on the
   * first products only; threads calling this backend concurrently each have their own.
   */
  private static final class Scratch {
    private float[] floatTransposed = new float[0];
    private float[] floatTail = new float[0];
    private double[] doubleTransposed = new double[0];
    private double[] doubleTail = new double[0];
    private float[] floatPartial = new float[0];
    private double[] doublePartial = new double[0];

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

    float[] floatPartial(int size) {
      if (floatPartial.length < size) {
        floatPartial = new float[size];
      }
      return floatPartial;
    }

    double[] doublePartial(int size) {
      if (doublePartial.length < size) {
        doublePartial = new double[size];
      }
      return doublePartial;
    }

    double[] doubleTail(int size) {
      if (doubleTail.length < size) {
        doubleTail = new double[size];
      }
      return doubleTail;
    }
  }

  private void productF(float[] a, int ars, int acs, float[] b, float[] c, int m, int n, int k) {
    Scratch own = scratch.get();
    float[] tail = own.floatTail(FloatKernels.tailSize(n, k));
    FloatKernels.packTail(b, n, k, tail);
    boolean halves = SharedSplit.applies(m, n, k);
    float[] partial = halves ? own.floatPartial(m * n) : null;
    if (!parallel(m, n, k, halves)) {
      if (halves) {
        FloatKernels.ab(a, ars, acs, b, tail, c, n, 0, SharedSplit.middle(k), 0, m);
        FloatKernels.ab(a, ars, acs, b, tail, partial, n, SharedSplit.middle(k), k, 0, m);
      } else {
        FloatKernels.ab(a, ars, acs, b, tail, c, n, k, 0, m);
      }
    } else {
      synchronized (team) {
        team.run(floatJob.set(a, ars, acs, b, tail, c, partial, m, n, k), halves ? 2 : team.threads());
      }
    }
    if (halves) {
      SharedSplit.add(partial, c, m * n);
    }
  }

  private void productD(double[] a, int ars, int acs, double[] b, double[] c, int m, int n, int k) {
    Scratch own = scratch.get();
    double[] tail = own.doubleTail(DoubleKernels.tailSize(n, k));
    DoubleKernels.packTail(b, n, k, tail);
    boolean halves = SharedSplit.applies(m, n, k);
    double[] partial = halves ? own.doublePartial(m * n) : null;
    if (!parallel(m, n, k, halves)) {
      if (halves) {
        DoubleKernels.ab(a, ars, acs, b, tail, c, n, 0, SharedSplit.middle(k), 0, m);
        DoubleKernels.ab(a, ars, acs, b, tail, partial, n, SharedSplit.middle(k), k, 0, m);
      } else {
        DoubleKernels.ab(a, ars, acs, b, tail, c, n, k, 0, m);
      }
    } else {
      synchronized (team) {
        team.run(doubleJob.set(a, ars, acs, b, tail, c, partial, m, n, k), halves ? 2 : team.threads());
      }
    }
    if (halves) {
      SharedSplit.add(partial, c, m * n);
    }
  }

  /**
   * Whether a product runs on the team: one cut in halves along {@code k} ({@link SharedSplit}), or one of at least
   * {@link Parallel#MIN_PART_MACS} multiply-adds with rows to cut. A product inside a part of a parallel layer (a
   * convolution's chunk) is not split again: the team is busy. Halves that run in the caller alone are computed one
   * after the other, the same way.
   */
  private boolean parallel(int m, int n, int k, boolean halves) {
    return team.threads() > 1 && !team.insidePart()
        && (halves || (long) m * n * k >= Parallel.MIN_PART_MACS && m >= 2 * ROW_GRAIN);
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
      if (halves()) {
        half(part);
        return;
      }
      int per = (m + parts - 1) / parts;
      per = (per + ROW_GRAIN - 1) / ROW_GRAIN * ROW_GRAIN;
      int i0 = Math.min(m, part * per);
      rows(i0, Math.min(m, i0 + per));
    }

    /** Whether this product is cut along {@code k}, in two parts, rather than by rows. */
    abstract boolean halves();

    /** Half {@code which} of the shared dimension: the first into {@code c}, the second into the partial buffer. */
    abstract void half(int which);

    abstract void rows(int i0, int i1);
  }

  private static final class FloatJob extends Job {
    float[] a;
    float[] b;
    float[] tail;
    float[] c;
    /** Where the second half along {@code k} goes, or null when the product is cut by rows. */
    float[] partial;

    FloatJob set(
        float[] a, int ars, int acs, float[] b, float[] tail, float[] c, float[] partial, int m, int n, int k) {
      this.a = a;
      this.b = b;
      this.tail = tail;
      this.c = c;
      this.partial = partial;
      this.ars = ars;
      this.acs = acs;
      this.m = m;
      this.n = n;
      this.k = k;
      return this;
    }

    @Override
    boolean halves() {
      return partial != null;
    }

    @Override
    void half(int which) {
      int middle = SharedSplit.middle(k);
      if (which == 0) {
        FloatKernels.ab(a, ars, acs, b, tail, c, n, 0, middle, 0, m);
      } else {
        FloatKernels.ab(a, ars, acs, b, tail, partial, n, middle, k, 0, m);
      }
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
    /** Where the second half along {@code k} goes, or null when the product is cut by rows. */
    double[] partial;

    DoubleJob set(double[] a, int ars, int acs, double[] b, double[] tail, double[] c, double[] partial, int m, int n,
        int k) {
      this.a = a;
      this.b = b;
      this.tail = tail;
      this.c = c;
      this.partial = partial;
      this.ars = ars;
      this.acs = acs;
      this.m = m;
      this.n = n;
      this.k = k;
      return this;
    }

    @Override
    boolean halves() {
      return partial != null;
    }

    @Override
    void half(int which) {
      int middle = SharedSplit.middle(k);
      if (which == 0) {
        DoubleKernels.ab(a, ars, acs, b, tail, c, n, 0, middle, 0, m);
      } else {
        DoubleKernels.ab(a, ars, acs, b, tail, partial, n, middle, k, 0, m);
      }
    }

    @Override
    void rows(int i0, int i1) {
      DoubleKernels.ab(a, ars, acs, b, tail, c, n, k, i0, i1);
    }
  }
}
