package dev.nnet.runtime.blas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ludovic.netlib.blas.BLAS;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Backend selection on machines this one is not (platforms built by hand), and for real in child JVMs started
 * without a system BLAS and without the Vector API.
 */
class SelectionTest {
  private static final Platform EVERYTHING = new Platform(true, "OpenBLAS", true, 2, "", true, "", 2);
  private static final Platform NO_BLAS =
      new Platform(false, "no system BLAS (libblas.so.3) found; " + Platform.BLAS_HINT, false, 0, "", true, "", 2);
  private static final Platform NOTHING = new Platform(
      false, "no system BLAS (libblas.so.3) found; " + Platform.BLAS_HINT, false, 0, "", false,
      "the JVM was started without `--add-modules jdk.incubator.vector`", 2);
  private static final Platform REFERENCE_BLAS = new Platform(true, "reference BLAS", false, 0, "", true, "", 2);
  private static final Platform ONLY_REFERENCE_BLAS =
      new Platform(true, "reference BLAS", false, 0, "", false, "no", 2);
  private static final String GENERIC = "OpenBLAS runs generic kernels without fused multiply-add on this CPU";
  private static final Platform GENERIC_OPENBLAS = new Platform(true, "OpenBLAS", true, 1, GENERIC, true, "", 2);
  private static final Platform ONLY_GENERIC_OPENBLAS =
      new Platform(true, "OpenBLAS", true, 1, GENERIC, false, "no", 2);

  @Test
  void autoPrefersTunedBlasThenVectorThenReferenceBlasThenEjml() {
    assertThat(Backends.resolve("auto", EVERYTHING)).isEqualTo("blas");
    assertThat(Backends.resolve("auto", NO_BLAS)).isEqualTo("vector");
    assertThat(Backends.resolve("auto", NOTHING)).isEqualTo("ejml");
    assertThat(Backends.resolve("auto", REFERENCE_BLAS)).isEqualTo("vector");
    assertThat(Backends.resolve("auto", ONLY_REFERENCE_BLAS)).isEqualTo("blas");
    assertThat(Backends.resolve("auto", GENERIC_OPENBLAS)).isEqualTo("vector");
    assertThat(Backends.resolve("auto", ONLY_GENERIC_OPENBLAS)).isEqualTo("blas");
  }

  @Test
  void aBlasThatRoundsEachProductIsToldFromOneThatFuses() {
    BLAS fused = blas((a, b, c) -> Math.fma(a, b, c));
    BLAS rounded = blas((a, b, c) -> a * b + c);
    assertThat(Platform.fusesMultiplyAdd(fused)).isTrue();
    assertThat(Platform.fusesMultiplyAdd(rounded)).isFalse();
    Set<String> avx512 = Set.of("fma", "avx2", "avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl");
    assertThat(Platform.genericKernels("OpenBLAS", fused, avx512)).isEmpty();
    assertThat(Platform.genericKernels("OpenBLAS", rounded, avx512))
        .isEqualTo(GENERIC + " (a model it does not know): start Java with OPENBLAS_CORETYPE=SkylakeX");
    assertThat(Platform.genericKernels("OpenBLAS", rounded, Set.of("fma", "avx2")))
        .endsWith("OPENBLAS_CORETYPE=Haswell");
    assertThat(Platform.genericKernels("BLIS", rounded, Set.of("fma", "avx2")))
        .isEqualTo("BLIS runs generic kernels without fused multiply-add on this CPU");
    // A CPU without FMA (or flags unknown): nothing to miss.
    assertThat(Platform.genericKernels("OpenBLAS", rounded, Set.of("avx", "sse3"))).isEmpty();
    assertThat(Platform.genericKernels("OpenBLAS", rounded, Set.of())).isEmpty();
    assertThat(Platform.openBlasCoreType(Set.of("avx512f", "avx2", "fma"))).isEqualTo("Haswell");
    assertThat(Platform.openBlasCoreType(Set.of("avx", "sse3"))).isNull();
  }

  /** Multiplies and adds one term of a product. */
  private interface MultiplyAdd {
    float apply(float a, float b, float c);
  }

  /** A BLAS whose only method is a column-major sgemm (no transposes) built on {@code step}. */
  private static BLAS blas(MultiplyAdd step) {
    return (BLAS) Proxy.newProxyInstance(BLAS.class.getClassLoader(), new Class<?>[] {BLAS.class}, (proxy, m, args) -> {
      assertThat(m.getName()).isEqualTo("sgemm");
      assertThat(args).hasSize(13).startsWith("N", "N");
      int rows = (int) args[2];
      int cols = (int) args[3];
      int depth = (int) args[4];
      float[] a = (float[]) args[6];
      int lda = (int) args[7];
      float[] b = (float[]) args[8];
      int ldb = (int) args[9];
      float[] c = (float[]) args[11];
      int ldc = (int) args[12];
      for (int j = 0; j < cols; j++) {
        for (int i = 0; i < rows; i++) {
          float sum = 0f;
          for (int p = 0; p < depth; p++) {
            sum = step.apply(a[i + p * lda], b[p + j * ldb], sum);
          }
          c[i + j * ldc] = sum;
        }
      }
      return null;
    });
  }

  @Test
  void namesAreForcedInAnyCase() {
    assertThat(Backends.resolve(" EJML ", EVERYTHING)).isEqualTo("ejml");
    assertThat(Backends.resolve("Vector", EVERYTHING)).isEqualTo("vector");
    assertThat(Backends.resolve("blas", ONLY_REFERENCE_BLAS)).isEqualTo("blas");
    assertThat(Backends.resolve("ejml", NOTHING)).isEqualTo("ejml");
  }

  @Test
  void anUnavailableBackendSaysWhyAndWhatIsAvailable() {
    assertThatThrownBy(() -> Backends.resolve("blas", NO_BLAS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("matrix-multiply backend `blas` is not available: no system BLAS (libblas.so.3) found; install an"
            + " optimized BLAS, e.g. `apt-get install libopenblas0` on Debian or Ubuntu; available here: vector, ejml");
    assertThatThrownBy(() -> Backends.resolve("vector", NOTHING))
        .hasMessage("matrix-multiply backend `vector` is not available: the JVM was started without `--add-modules"
            + " jdk.incubator.vector`; available here: ejml");
    assertThatThrownBy(() -> Backends.resolve("mkl", EVERYTHING))
        .hasMessage("unknown matrix-multiply backend `mkl`; expected one of auto, blas, vector, ejml");
  }

  @Test
  void availableListsWhatThePlatformRuns() {
    assertThat(Backends.available(EVERYTHING)).containsExactly("blas", "vector", "ejml");
    assertThat(Backends.available(NO_BLAS)).containsExactly("vector", "ejml");
    assertThat(Backends.available(NOTHING)).containsExactly("ejml");
  }

  @Test
  void threadCountsParse() {
    assertThat(Backends.threads(null, 6)).isEqualTo(6);
    assertThat(Backends.threads(" ", 6)).isEqualTo(6);
    assertThat(Backends.threads("1", 6)).isEqualTo(1);
    assertThat(Backends.threads(" 3 ", 6)).isEqualTo(3);
    assertThatThrownBy(() -> Backends.threads("0", 6))
        .hasMessage("nnet.threads=0 is not a thread count; expected a positive integer");
    assertThatThrownBy(() -> Backends.threads("two", 6)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MatMul.create("ejml", 0))
        .hasMessage("the matrix multiply needs at least 1 thread, got 0");
  }

  @Test
  void theBlasLibraryIsNamedFromTheMappedFiles() {
    String pthread = "/usr/lib/x86_64-linux-gnu/openblas-pthread/libopenblasp-r0.3.21.so";
    assertThat(Platform.libraryName(List.of("/usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3", pthread)))
        .isEqualTo("OpenBLAS");
    assertThat(Platform.libraryName(List.of("/usr/lib/x86_64-linux-gnu/blas/libblas.so.3")))
        .isEqualTo("reference BLAS");
    assertThat(Platform.libraryName(List.of("/opt/intel/lib/libmkl_rt.so.2"))).isEqualTo("Intel MKL");
    assertThat(Platform.libraryName(List.of("/opt/x/libfoo_blas.so"))).isEqualTo("libfoo_blas.so");
    assertThat(Platform.libraryName(List.of())).isEqualTo("system BLAS");
  }

  @Test
  void openBlasThreadsFollowItsEnvironmentVariables() {
    List<String> pthread = List.of("/usr/lib/x86_64-linux-gnu/openblas-pthread/libopenblasp-r0.3.21.so");
    assertThat(Platform.blasThreads("OpenBLAS", pthread, Map.of(), 4)).isEqualTo(4);
    assertThat(Platform.blasThreads("OpenBLAS", pthread, Map.of("OPENBLAS_NUM_THREADS", "1"), 4)).isEqualTo(1);
    assertThat(Platform.blasThreads("OpenBLAS", pthread, Map.of("OMP_NUM_THREADS", "2"), 4)).isEqualTo(2);
    assertThat(Platform.blasThreads(
        "OpenBLAS", pthread, Map.of("OPENBLAS_NUM_THREADS", "3", "OMP_NUM_THREADS", "2"), 4)).isEqualTo(3);
    assertThat(Platform.blasThreads("OpenBLAS", pthread, Map.of("OPENBLAS_NUM_THREADS", "64"), 4)).isEqualTo(4);
    assertThat(Platform.blasThreads("OpenBLAS", pthread, Map.of("OPENBLAS_NUM_THREADS", "x"), 4)).isEqualTo(4);
    List<String> serial = List.of("/usr/lib/x86_64-linux-gnu/openblas-serial/libopenblas.so.0");
    assertThat(Platform.blasThreads("OpenBLAS", serial, Map.of("OPENBLAS_NUM_THREADS", "4"), 4)).isEqualTo(1);
    List<String> openmp = List.of("/usr/lib/x86_64-linux-gnu/openblas-openmp/libopenblas.so.0");
    assertThat(Platform.blasThreads("OpenBLAS", openmp, Map.of("OPENBLAS_NUM_THREADS", "1"), 4)).isEqualTo(4);
    assertThat(Platform.blasThreads("Intel MKL", List.of(), Map.of(), 4)).isEqualTo(0);
  }

  /** EJML with the default threads: products on one, the layers' parts on one per processor. */
  private static final String EJML = "ejml \\(EJML pure Java, (1 thread|\\d+ threads, products on 1)\\)";

  @Test
  void thisMachineSelectsByTheRule() {
    Platform platform = Platform.probe();
    assertThat(MatMul.available()).isEqualTo(Backends.available(platform)).endsWith("ejml");
    // Surefire starts this JVM with the Vector API.
    assertThat(platform.vector()).as(platform.vectorMissing()).isTrue();
    MatMulBackend auto = MatMul.create("auto", 1);
    assertThat(auto.name()).isEqualTo(Backends.auto(platform));
    assertThat(auto.describe()).startsWith(auto.name() + " (");
    if (auto.name().equals("blas") && platform.blasThreads() > 1) {
      // OpenBLAS's threads are fixed when it loads; the description says who runs the products.
      assertThat(auto.describe()).endsWith("1 thread, products on OpenBLAS's own " + platform.blasThreads() + ")");
      assertThat(MatMul.create("auto", 2).describe())
          .endsWith("2 threads; OpenBLAS's own " + platform.blasThreads()
              + " threads compete with them: start Java with OPENBLAS_NUM_THREADS=1)");
    } else {
      assertThat(auto.describe()).contains("1 thread");
    }
  }

  @Test
  void selectInstallsAndDescribes() {
    MatMulBackend before = MatMul.backend();
    try {
      MatMulBackend ejml = MatMul.select("ejml");
      assertThat(MatMul.backend()).isSameAs(ejml);
      assertThat(MatMul.describe()).matches(EJML);
      assertThat(MatMul.select("ejml", 1).describe()).isEqualTo("ejml (EJML pure Java, 1 thread)");
      assertThat(MatMul.select("ejml", 3).describe()).isEqualTo("ejml (EJML pure Java, 3 threads, products on 1)");
      assertThat(MatMul.select("vector", 2).describe())
          .matches("vector \\(Java Vector API, \\d+-bit FMA kernels, 2 threads\\)");
      assertThatThrownBy(() -> MatMul.select("cuda")).isInstanceOf(IllegalArgumentException.class);
      assertThat(MatMul.backend().name()).isEqualTo("vector");
    } finally {
      MatMul.setBackend(before);
    }
  }

  /** A child JVM with neither a loadable BLAS nor the Vector API falls back to EJML, and says so. */
  @Test
  void aMachineWithoutBlasOrVectorApiFallsBackToEjml() throws Exception {
    String out = runChild(List.of("-Ddev.ludovic.netlib.blas.nativeLib=libnnet-no-such-blas.so.3"));
    assertThat(out).matches(EJML + "\n\\[ejml]\n");
  }

  /** A child JVM without a loadable BLAS but with the Vector API uses it, with the thread count asked for. */
  @Test
  void aMachineWithoutBlasUsesTheVectorApi() throws Exception {
    String out = runChild(List.of(
        "--add-modules", "jdk.incubator.vector",
        "-Ddev.ludovic.netlib.blas.nativeLib=libnnet-no-such-blas.so.3",
        "-Dnnet.threads=1"));
    assertThat(out).matches("vector \\(Java Vector API, \\d+-bit FMA kernels, 1 thread\\)\n\\[vector, ejml]\n");
  }

  /**
   * OpenBLAS made to run its generic kernels ({@code OPENBLAS_CORETYPE=Prescott}, as it does by itself on a CPU newer
   * than it) is passed over for the Vector API on a CPU with FMA, and the description says how to give it the CPU's
   * own kernels; given them, it is used again.
   */
  @Test
  void openBlasOnGenericKernelsGivesWayToTheVectorApi() throws Exception {
    Platform platform = Platform.probe();
    String core = Platform.openBlasCoreType(Platform.cpuFlags());
    List<String> args = List.of("--add-modules", "jdk.incubator.vector", "-Dnnet.threads=1");
    String generic = runChild(args, Map.of("OPENBLAS_CORETYPE", "Prescott"));
    if (platform.blasLibrary().equals("OpenBLAS") && Platform.cpuFlags().contains("fma") && core != null) {
      assertThat(generic).matches("vector \\(Java Vector API, \\d+-bit FMA kernels, 1 thread\\); not blas: "
          + GENERIC + " \\(a model it does not know\\): start Java with OPENBLAS_CORETYPE=" + core
          + "\n\\[blas, vector, ejml]\n");
      assertThat(runChild(args, Map.of("OPENBLAS_CORETYPE", core)))
          .startsWith("blas (OpenBLAS via netlib, 1 thread)\n");
      // Without the Vector API, auto keeps the generic OpenBLAS, and its own description says so, once.
      assertThat(runChild(List.of("-Dnnet.threads=1"), Map.of("OPENBLAS_CORETYPE", "Prescott")))
          .isEqualTo("blas (OpenBLAS via netlib, 1 thread; " + GENERIC + " (a model it does not know): start Java"
              + " with OPENBLAS_CORETYPE=" + core + ")\n[blas, ejml]\n");
    } else {
      // No OpenBLAS, or a CPU it has no fused kernels for: nothing is passed over.
      assertThat(generic).doesNotContain("not blas").startsWith(Backends.auto(platform) + " (");
    }
  }

  /** Bad start-up properties cannot fail class initialization: the default is used, and the description says why. */
  @Test
  void badStartupPropertiesFallBackAndSaySo() throws Exception {
    String out = runChild(List.of(
        "-Ddev.ludovic.netlib.blas.nativeLib=libnnet-no-such-blas.so.3", "-Dnnet.matmul=blas"));
    assertThat(out).matches("(?s)" + EJML + "; start-up properties ignored: matrix-multiply"
        + " backend `blas` is not available: netlib could not load the system BLAS.*");
  }

  private static String runChild(List<String> jvmArgs) throws IOException, InterruptedException {
    return runChild(jvmArgs, Map.of());
  }

  private static String runChild(List<String> jvmArgs, Map<String, String> env)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmArgs);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(PrintBackend.class.getName());
    ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
    builder.environment().putAll(env);
    Process process = builder.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(out).isZero();
    return out;
  }

  /** The child JVM's program: prints the backend in use and the available ones. */
  static final class PrintBackend {
    public static void main(String[] args) {
      System.out.println(MatMul.describe());
      System.out.println(MatMul.available());
    }
  }
}
