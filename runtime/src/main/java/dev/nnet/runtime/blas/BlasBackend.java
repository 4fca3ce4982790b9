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
 * leading values are read and written.
 *
 * <p>Threads: OpenBLAS takes its own thread count from {@code OPENBLAS_NUM_THREADS} when it loads, before Java can
 * say anything. When that is 1 (the {@code ./nnet} launcher sets it) and nnet has more threads, a large product is
 * cut into one block of {@code c} per thread, or into two halves of the shared dimension when {@link SharedSplit}
 * says so, each a single-threaded {@code gemm} on the {@link Parallel} team: the team's threads go on to the layers'
 * own parts between products, where OpenBLAS's idle threads would only spin and yield. A run with a fixed thread
 * count is deterministic.
 */
final class BlasBackend implements MatMulBackend {
  private final BLAS blas;
  private final Platform platform;
  private final int threads;
  /** The team large products are cut over, or null when they are not (one thread, or OpenBLAS's own threads). */
  private final Parallel team;
  private final Gemm job = new Gemm();
  /**
   * The Vector API kernels, for a dense layer's float32 {@code x · W} at a small batch, or null when the JVM has no
   * Vector API. Such a product, cut along its depth ({@link SharedSplit}) with fewer than {@link #VECTOR_ROWS} rows
   * and whole panels of columns, runs there: the Fashion-MNIST MLP's first layer at batch 32 took 34 µs against
   * OpenBLAS's 41 on two threads, and the forward pass 46–47 µs against 55–60 in a training step; at batch 64 the
   * two were even, at 128 OpenBLAS was faster (154 µs against 170; benchmarks/RESULTS.md).
   */
  private final VectorBackend vectors;

  /** Rows of {@code c} from which OpenBLAS's packed kernels beat the Vector API's on a dense layer's product. */
  static final int VECTOR_ROWS = 64;
  /** The second halves of products cut along their shared dimension ({@link SharedSplit}); guarded by job. */
  private float[] floatPartial = new float[0];

  private double[] doublePartial = new double[0];

  /** Cuts large products when the library runs each on one thread (a serial build, or OPENBLAS_NUM_THREADS=1). */
  BlasBackend(BLAS blas, Platform platform, int threads) {
    this(blas, platform, threads, platform.blasThreads() == 1 || !platform.blasOptimized());
  }

  BlasBackend(BLAS blas, Platform platform, int threads, boolean cutProducts) {
    this.blas = blas;
    this.platform = platform;
    this.threads = threads;
    this.team = threads > 1 && cutProducts ? Parallel.shared(threads) : null;
    this.vectors = platform.vector() ? new VectorBackend(threads) : null;
  }

  @Override
  public String name() {
    return "blas";
  }

  @Override
  public String describe() {
    String text = "blas (" + platform.blasLibrary() + " via netlib, " + VectorBackend.threadsText(threads);
    int own = platform.blasThreads();
    if (own > 1 && threads > 1) {
      // OpenBLAS reads its thread count once, from the environment, before Java can say anything.
      text += "; OpenBLAS's own " + own + " threads compete with them: start Java with OPENBLAS_NUM_THREADS=1";
    } else if (own > 1) {
      text += ", products on OpenBLAS's own " + own;
    } else if (own == 0) {
      text += "; the library's own threads as it decides";
    }
    if (!platform.blasGeneric().isEmpty()) {
      text += "; " + platform.blasGeneric();
    }
    return text + ")";
  }

  @Override
  public int threads() {
    return threads;
  }

  @Override
  public void mult(FMatrixRMaj a, FMatrixRMaj b, FMatrixRMaj c) {
    Shapes.check("mult", a, false, b, false, c);
    int m = a.numRows, k = a.numCols, n = b.numCols;
    if (vectors != null && m < VECTOR_ROWS && FloatKernels.wholePanels(n) && SharedSplit.applies(m, n, k)) {
      vectors.mult(a, b, c);
      return;
    }
    if (!trivial(m, n, k, c.data)) {
      gemm(false, false, n, m, k, b.data, n, a.data, k, c.data, n);
    }
  }

  @Override
  public void multTransA(FMatrixRMaj a, FMatrixRMaj b, FMatrixRMaj c) {
    Shapes.check("multTransA", a, true, b, false, c);
    int k = a.numRows, m = a.numCols, n = b.numCols;
    if (!trivial(m, n, k, c.data)) {
      gemm(false, true, n, m, k, b.data, n, a.data, m, c.data, n);
    }
  }

  @Override
  public void multTransB(FMatrixRMaj a, FMatrixRMaj b, FMatrixRMaj c) {
    Shapes.check("multTransB", a, false, b, true, c);
    int m = a.numRows, k = a.numCols, n = b.numRows;
    if (!trivial(m, n, k, c.data)) {
      gemm(true, false, n, m, k, b.data, k, a.data, k, c.data, n);
    }
  }

  @Override
  public void mult(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
    Shapes.check("mult", a, false, b, false, c);
    int m = a.numRows, k = a.numCols, n = b.numCols;
    if (!trivial(m, n, k, c.data)) {
      gemm(false, false, n, m, k, b.data, n, a.data, k, c.data, n);
    }
  }

  @Override
  public void multTransA(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
    Shapes.check("multTransA", a, true, b, false, c);
    int k = a.numRows, m = a.numCols, n = b.numCols;
    if (!trivial(m, n, k, c.data)) {
      gemm(false, true, n, m, k, b.data, n, a.data, m, c.data, n);
    }
  }

  @Override
  public void multTransB(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
    Shapes.check("multTransB", a, false, b, true, c);
    int m = a.numRows, k = a.numCols, n = b.numRows;
    if (!trivial(m, n, k, c.data)) {
      gemm(true, false, n, m, k, b.data, k, a.data, k, c.data, n);
    }
  }

  /**
   * Column-major C [bigM × bigN] = op(X) [bigM × K] · op(Y) [K × bigN], in one call or cut over the team; x, y and c
   * are all float[] or all double[].
   */
  private void gemm(boolean transX, boolean transY, int bigM, int bigN, int k, Object x, int ldx, Object y, int ldy,
      Object c, int ldc) {
    int parts = 1;
    if (team != null) {
      // At most one block per thread, per 8 rows or columns, and per Parallel.MIN_PART_MACS multiply-adds.
      long blocks = Math.min((Math.max(bigM, bigN) + Gemm.GRAIN - 1) / Gemm.GRAIN,
          (long) bigM * bigN * k / Parallel.MIN_PART_MACS);
      parts = team.parts((int) Math.min(blocks, Integer.MAX_VALUE));
    }
    if (parts == 1) {
      Gemm.call(blas, transX, transY, 0, bigM, 0, bigN, 0, k, x, ldx, y, ldy, c, ldc);
      return;
    }
    // Column-major C is row-major c transposed: c is bigN × bigM.
    boolean halves = SharedSplit.applies(bigN, bigM, k) && ldc == bigM;
    synchronized (job) {
      Object partial = halves ? partial(c, bigM * bigN) : null;
      team.run(job.set(transX, transY, bigM, bigN, k, x, ldx, y, ldy, c, ldc, partial, blas), halves ? 2 : parts);
      if (partial instanceof float[] pf) {
        SharedSplit.add(pf, (float[]) c, bigM * bigN);
      } else if (partial != null) {
        SharedSplit.add((double[]) partial, (double[]) c, bigM * bigN);
      }
    }
  }

  /** The buffer for the second half of a product cut along its shared dimension, of c's type; grown on demand. */
  private Object partial(Object c, int size) {
    if (c instanceof float[]) {
      if (floatPartial.length < size) {
        floatPartial = new float[size];
      }
      return floatPartial;
    }
    if (doublePartial.length < size) {
      doublePartial = new double[size];
    }
    return doublePartial;
  }

  /**
   * One product cut into blocks of C: by its columns (row-major {@code c}'s rows) when there are at least as many
   * as rows, else by its rows, each block a multiple of 8 wide so that blocks start on the kernels' tiles. A
   * reusable object, set and run under its own lock, so a product allocates nothing.
   */
  private static final class Gemm implements Parallel.Job {
    private static final int GRAIN = 8;
    private BLAS blas;
    private boolean transX;
    private boolean transY;
    private int bigM;
    private int bigN;
    private int k;
    private Object x;
    private int ldx;
    private Object y;
    private int ldy;
    private Object c;
    private int ldc;
    /** Where the second half along k goes, or null when the product is cut into blocks of C. */
    private Object partial;

    Gemm set(boolean transX, boolean transY, int bigM, int bigN, int k, Object x, int ldx, Object y, int ldy,
        Object c, int ldc, Object partial, BLAS blas) {
      this.transX = transX;
      this.transY = transY;
      this.bigM = bigM;
      this.bigN = bigN;
      this.k = k;
      this.x = x;
      this.ldx = ldx;
      this.y = y;
      this.ldy = ldy;
      this.c = c;
      this.ldc = ldc;
      this.partial = partial;
      this.blas = blas;
      return this;
    }

    @Override
    public void run(int part, int parts) {
      if (partial != null) {
        int middle = SharedSplit.middle(k);
        if (part == 0) {
          call(blas, transX, transY, 0, bigM, 0, bigN, 0, middle, x, ldx, y, ldy, c, ldc);
        } else {
          call(blas, transX, transY, 0, bigM, 0, bigN, middle, k, x, ldx, y, ldy, partial, ldc);
        }
        return;
      }
      boolean byColumns = bigN >= bigM;
      int extent = byColumns ? bigN : bigM;
      int per = (extent + parts - 1) / parts;
      per = (per + GRAIN - 1) / GRAIN * GRAIN;
      int from = Math.min(extent, part * per);
      int to = Math.min(extent, from + per);
      if (from == to) {
        return;
      }
      if (byColumns) {
        call(blas, transX, transY, 0, bigM, from, to, 0, k, x, ldx, y, ldy, c, ldc);
      } else {
        call(blas, transX, transY, from, to, 0, bigN, 0, k, x, ldx, y, ldy, c, ldc);
      }
    }

    /** C[i0..i1, j0..j1] = op(X)[i0..i1, p0..p1] · op(Y)[p0..p1, j0..j1], one BLAS call. */
    static void call(BLAS blas, boolean transX, boolean transY, int i0, int i1, int j0, int j1, int p0, int p1,
        Object x, int ldx, Object y, int ldy, Object c, int ldc) {
      String tx = transX ? "T" : "N";
      String ty = transY ? "T" : "N";
      int k = p1 - p0;
      // op(X)[i][p] is at i + p·ldx (X not transposed: M×K column-major) or at p + i·ldx (transposed: K×M).
      int offX = transX ? i0 * ldx + p0 : i0 + p0 * ldx;
      // op(Y)[p][j] is at p + j·ldy (Y not transposed: K×N) or at j + p·ldy (transposed: N×K).
      int offY = transY ? j0 + p0 * ldy : j0 * ldy + p0;
      int offC = j0 * ldc + i0;
      if (c instanceof float[] cf) {
        blas.sgemm(tx, ty, i1 - i0, j1 - j0, k, 1f, (float[]) x, offX, ldx, (float[]) y, offY, ldy, 0f, cf, offC, ldc);
      } else {
        blas.dgemm(tx, ty, i1 - i0, j1 - j0, k, 1.0, (double[]) x, offX, ldx, (double[]) y, offY, ldy, 0.0,
            (double[]) c, offC, ldc);
      }
    }
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
