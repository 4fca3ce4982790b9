package dev.nnet.benchmarks;

import dev.ludovic.netlib.blas.BLAS;
import dev.ludovic.netlib.blas.JavaBLAS;
import dev.nnet.runtime.blas.MatMul;
import dev.nnet.runtime.blas.MatMulBackend;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.ejml.data.FMatrixRMaj;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The float32 products of one training step of the Fashion-MNIST MLP (784 → 128 → 10), per backend and batch size:
 * time per product; {@link MatMulReport} turns the medians into GFLOP/s ({@code 2·m·n·k} flop per product).
 *
 * <p>Backends: {@code ejml}, {@code vector-1} and {@code vector-2} (the Vector API kernels on 1 and 2 threads),
 * {@code blas} (the system BLAS; its threads come from {@code OPENBLAS_NUM_THREADS} in the environment), and
 * {@code netlib-java} (netlib's own pure-Java fallback, what {@code blas} would be without a system BLAS). A backend
 * the machine lacks fails its runs with the reason.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-XX:PerMethodTrapLimit=1000"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class BenchmarkMatMul {
  /** One product of the training step: which call, and its {@code m × k · k × n} shape at batch size {@code b}. */
  public enum Product {
    /** Dense 1 forward: {@code X · W1}, (b × 784)(784 × 128). */
    FORWARD1("mult", 784, 128),
    /** Dense 1 kernel gradient: {@code Xᵀ · dZ1}, (784 × b)(b × 128). */
    GRAD_W1("multTransA", 784, 128),
    /** Dense 1 input gradient: {@code dZ1 · W1ᵀ}, (b × 128)(128 × 784). */
    GRAD_X1("multTransB", 784, 128),
    /** Dense 2 forward: {@code H · W2}, (b × 128)(128 × 10). */
    FORWARD2("mult", 128, 10),
    /** Dense 2 kernel gradient: {@code Hᵀ · dZ2}, (128 × b)(b × 10). */
    GRAD_W2("multTransA", 128, 10),
    /** Dense 2 input gradient: {@code dZ2 · W2ᵀ}, (b × 10)(10 × 128). */
    GRAD_H2("multTransB", 128, 10);

    final String call;
    final int in;
    final int out;

    Product(String call, int in, int out) {
      this.call = call;
      this.in = in;
      this.out = out;
    }

    /** Floating-point operations of one product at batch size {@code b}: a multiply and an add per term. */
    public double flop(int b) {
      return 2.0 * b * in * out;
    }
  }

  @Param({"32", "128"})
  public int batch;

  @Param({"ejml", "vector-1", "vector-2", "blas", "netlib-java"})
  public String backend;

  @Param({"FORWARD1", "GRAD_W1", "GRAD_X1", "FORWARD2", "GRAD_W2", "GRAD_H2"})
  public Product product;

  private MatMulBackend impl;
  private FMatrixRMaj a;
  private FMatrixRMaj b;
  private FMatrixRMaj c;

  @Setup(Level.Trial)
  public void setUp() {
    impl = backend(backend);
    SplittableRandom random = new SplittableRandom(20240501L);
    int n = batch;
    switch (product.call) {
      case "mult" -> {
        a = random(n, product.in, random);
        b = random(product.in, product.out, random);
        c = new FMatrixRMaj(n, product.out);
      }
      case "multTransA" -> {
        a = random(n, product.in, random);
        b = random(n, product.out, random);
        c = new FMatrixRMaj(product.in, product.out);
      }
      default -> {
        a = random(n, product.out, random);
        b = random(product.in, product.out, random);
        c = new FMatrixRMaj(n, product.in);
      }
    }
  }

  @Benchmark
  public FMatrixRMaj product() {
    switch (product.call) {
      case "mult" -> impl.mult(a, b, c);
      case "multTransA" -> impl.multTransA(a, b, c);
      default -> impl.multTransB(a, b, c);
    }
    return c;
  }

  /** The backend a parameter names. */
  static MatMulBackend backend(String name) {
    return switch (name) {
      case "vector-1" -> MatMul.create("vector", 1);
      case "vector-2" -> MatMul.create("vector", 2);
      case "blas-1" -> MatMul.create("blas", 1);
      case "blas-2" -> MatMul.create("blas", 2);
      case "netlib-java" -> new NetlibJava(JavaBLAS.getInstance());
      default -> MatMul.create(name, MatMul.defaultThreads());
    };
  }

  private static FMatrixRMaj random(int rows, int cols, SplittableRandom random) {
    FMatrixRMaj m = new FMatrixRMaj(rows, cols);
    for (int i = 0; i < m.data.length; i++) {
      m.data[i] = (float) (random.nextDouble() - 0.5);
    }
    return m;
  }

  /** netlib's pure-Java BLAS, row-major by the same transpose trick as the runtime's {@code blas}; float32 only. */
  private record NetlibJava(BLAS blas) implements MatMulBackend {
    @Override
    public String name() {
      return "netlib-java (" + blas.getClass().getSimpleName() + ")";
    }

    @Override
    public void mult(FMatrixRMaj a, FMatrixRMaj b, FMatrixRMaj c) {
      int m = a.numRows, k = a.numCols, n = b.numCols;
      blas.sgemm("N", "N", n, m, k, 1f, b.data, n, a.data, k, 0f, c.data, n);
    }

    @Override
    public void multTransA(FMatrixRMaj a, FMatrixRMaj b, FMatrixRMaj c) {
      int k = a.numRows, m = a.numCols, n = b.numCols;
      blas.sgemm("N", "T", n, m, k, 1f, b.data, n, a.data, m, 0f, c.data, n);
    }

    @Override
    public void multTransB(FMatrixRMaj a, FMatrixRMaj b, FMatrixRMaj c) {
      int m = a.numRows, k = a.numCols, n = b.numRows;
      blas.sgemm("T", "N", n, m, k, 1f, b.data, k, a.data, k, 0f, c.data, n);
    }

    @Override
    public void mult(org.ejml.data.DMatrixRMaj a, org.ejml.data.DMatrixRMaj b, org.ejml.data.DMatrixRMaj c) {
      throw new UnsupportedOperationException("float32 only");
    }

    @Override
    public void multTransA(org.ejml.data.DMatrixRMaj a, org.ejml.data.DMatrixRMaj b, org.ejml.data.DMatrixRMaj c) {
      throw new UnsupportedOperationException("float32 only");
    }

    @Override
    public void multTransB(org.ejml.data.DMatrixRMaj a, org.ejml.data.DMatrixRMaj b, org.ejml.data.DMatrixRMaj c) {
      throw new UnsupportedOperationException("float32 only");
    }
  }
}
