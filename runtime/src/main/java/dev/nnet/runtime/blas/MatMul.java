package dev.nnet.runtime.blas;

import java.util.List;
import java.util.Objects;
import org.ejml.data.DMatrixRMaj;
import org.ejml.data.FMatrixRMaj;

/**
 * The matrix products generated code calls, dispatched to the backend in use. Row-major throughout; {@code c} is
 * reshaped by the caller, never here, and is overwritten; arrays may be longer than the matrices' current
 * {@code numRows × numCols} (a partial batch is a reshaped buffer).
 *
 * <p>The backend is chosen once, before training starts:
 *
 * <ul>
 *   <li>{@code blas}: the system's BLAS through netlib's JNI binding (on Debian, package {@code libopenblas0});
 *   <li>{@code vector}: register-blocked kernels on the Java Vector API, when the JVM runs with
 *       {@code --add-modules jdk.incubator.vector};
 *   <li>{@code ejml}: EJML's portable pure-Java products;
 *   <li>{@code auto} (the default): the fastest of these the machine has, in that order, except that the slow
 *       reference BLAS ranks after {@code vector}, and so does a tuned BLAS that runs generic kernels because it
 *       does not know the CPU (OpenBLAS older than the CPU; {@code OPENBLAS_CORETYPE} names the right ones).
 * </ul>
 *
 * <p>At start-up the backend comes from the system properties {@value #BACKEND_PROPERTY} (a name above) and
 * {@value #THREADS_PROPERTY} (the threads a training step runs on; default one per processor); {@link #select}
 * changes it. Those threads run large products cut into blocks and, through {@link #team()}, the parts of generated
 * layers. A fixed thread count is deterministic; {@code vector} gives the same bits for any count, while a BLAS may
 * round differently with another. OpenBLAS takes its own thread count from {@code OPENBLAS_NUM_THREADS} when it
 * loads; with more than one it runs products itself and they are not cut, but its threads then compete with these
 * (the {@code ./nnet} launcher sets it to 1).
 *
 * <p>A float32 {@code a · b} whose {@code a} is a single row (batch-1 inference) does not reach the backend: a
 * matrix-vector kernel in Java ({@code RowKernels}) computes it in a fraction of what a JNI call and a general
 * product's set-up cost, whatever the backend.
 */
public final class MatMul {
  /** System property naming the backend to start with: {@code auto}, {@code blas}, {@code vector} or {@code ejml}. */
  public static final String BACKEND_PROPERTY = "nnet.matmul";

  /** System property giving the threads the products may use; default one per processor. */
  public static final String THREADS_PROPERTY = "nnet.threads";

  private static volatile MatMulBackend backend;

  /** Why the start-up properties were not followed, or null. */
  private static volatile String startupNote;

  static {
    Platform platform = Platform.probe();
    String requested = System.getProperty(BACKEND_PROPERTY, Backends.AUTO);
    try {
      int threads = Backends.threads(System.getProperty(THREADS_PROPERTY), platform.cpus());
      backend = Backends.create(Backends.resolve(requested, platform), threads, platform);
    } catch (IllegalArgumentException e) {
      // A class initializer must not fail: fall back, and say so wherever the backend is described.
      backend = Backends.create(Backends.auto(platform), platform.cpus(), platform);
      startupNote = "start-up properties ignored: " + e.getMessage();
    }
  }

  private MatMul() {}

  /** The backend in use. */
  public static MatMulBackend backend() {
    return backend;
  }

  /** Uses {@code b} from now on (a custom or test backend; {@link #select} builds the standard ones). */
  public static void setBackend(MatMulBackend b) {
    backend = Objects.requireNonNull(b);
    startupNote = null;
  }

  /**
   * Uses the backend {@code name} ({@code auto}, {@code blas}, {@code vector} or {@code ejml}, any case) with
   * {@link #defaultThreads()} threads.
   *
   * @return the backend now in use
   * @throws IllegalArgumentException if the name is unknown or the backend cannot run here; the message says why
   *     and lists those that can
   */
  public static MatMulBackend select(String name) {
    return select(name, defaultThreads());
  }

  /**
   * Uses the backend {@code name} with up to {@code threads} threads (1: single-threaded and deterministic).
   *
   * @return the backend now in use
   * @throws IllegalArgumentException if the name is unknown, the backend cannot run here, or {@code threads < 1}
   */
  public static MatMulBackend select(String name, int threads) {
    MatMulBackend b = create(name, threads);
    setBackend(b);
    return b;
  }

  /**
   * Builds the backend {@code name} without putting it in use (benchmarks compare backends side by side).
   *
   * @throws IllegalArgumentException as {@link #select(String, int)}
   */
  public static MatMulBackend create(String name, int threads) {
    Platform platform = Platform.probe();
    return Backends.create(Backends.resolve(name, platform), threads, platform);
  }

  /**
   * Whether the Java Vector API is usable in this JVM ({@code --add-modules jdk.incubator.vector} and vectors of at
   * least 4 floats), so that other parts of the runtime may pick their Vector API loops.
   */
  public static boolean vectorApi() {
    return Platform.probe().vector();
  }

  /** The backend names this machine can run, fastest first ({@code ejml} is always there). */
  public static List<String> available() {
    return Backends.available(Platform.probe());
  }

  /** {@value #THREADS_PROPERTY} if set (and valid), else one thread per processor. */
  public static int defaultThreads() {
    int cpus = Platform.probe().cpus();
    try {
      return Backends.threads(System.getProperty(THREADS_PROPERTY), cpus);
    } catch (IllegalArgumentException e) {
      return cpus;
    }
  }

  /**
   * One line for the start of training: the backend, what it runs on and its threads, e.g.
   * {@code blas (OpenBLAS via netlib, 2 threads)}, plus why {@code auto}'s choice is not the native BLAS there is,
   * and any note on ignored start-up properties.
   */
  public static String describe() {
    String text = backend.describe();
    Platform platform = Platform.probe();
    // blas describes its generic kernels itself; another backend says why auto passed it over.
    if (!platform.blasGeneric().isEmpty() && !backend.name().equals("blas")
        && backend.name().equals(Backends.auto(platform))) {
      text += "; not blas: " + platform.blasGeneric();
    }
    String note = startupNote;
    return text + (note == null ? "" : "; " + note);
  }

  /**
   * The team of the backend's {@link MatMulBackend#threads()} threads, on which generated networks run the parts of
   * a layer (a convolution's chunks of samples, a pooling's rows). Products called from inside such a part run on
   * the calling thread alone.
   */
  public static Parallel team() {
    return Parallel.shared(backend.threads());
  }

  /** c = a · b; a single row of {@code a} goes to the matrix-vector kernel, not the backend. */
  public static void mult(FMatrixRMaj a, FMatrixRMaj b, FMatrixRMaj c) {
    if (a.numRows == 1) {
      Shapes.check("mult", a, false, b, false, c);
      RowKernels.mult(a.data, b.data, c.data, a.numCols, b.numCols);
      return;
    }
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
