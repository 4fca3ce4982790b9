package dev.nnet.runtime.blas;

import dev.ludovic.netlib.blas.BLAS;
import dev.ludovic.netlib.blas.NativeBLAS;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What this machine offers the matrix multiply: a native BLAS reached through netlib's JNI binding, and the Java
 * Vector API. {@link #probe()} looks once per JVM; tests build other platforms directly to check the selection on
 * machines this one is not.
 *
 * @param blas whether a native BLAS loaded
 * @param blasLibrary what it is ({@code OpenBLAS}, {@code reference BLAS}, a file name), or why it is missing
 * @param blasOptimized whether it is a tuned library (OpenBLAS, MKL, BLIS, ATLAS, Accelerate), not the reference
 *     Fortran BLAS, which is slower than the Vector API kernels
 * @param blasThreads the threads it will use, or 0 when that is the library's own affair
 * @param blasGeneric why the tuned library runs generic kernels on this CPU, and how to give it the CPU's own, or
 *     empty: a library older than the CPU may not know its model (see {@link #genericKernels})
 * @param vector whether the Vector API is usable ({@code --add-modules jdk.incubator.vector}, and vectors of at
 *     least 4 floats)
 * @param vectorMissing why it is not, or empty
 * @param cpus processors available to the JVM
 */
record Platform(
    boolean blas,
    String blasLibrary,
    boolean blasOptimized,
    int blasThreads,
    String blasGeneric,
    boolean vector,
    String vectorMissing,
    int cpus) {

  /** The install hint shown whenever native BLAS is missing. */
  static final String BLAS_HINT = "install an optimized BLAS, e.g. `apt-get install libopenblas0` on Debian or Ubuntu";

  /** The real platform, probed on first use. */
  static Platform probe() {
    return Probed.INSTANCE;
  }

  /** The native BLAS, or an exception saying why there is none; only call when {@link #blas()} is true. */
  static NativeBLAS nativeBlas() {
    return NativeBLAS.getInstance();
  }

  private static final class Probed {
    /** Held so the level set on netlib's logger survives (loggers are weakly referenced). */
    private static final Logger NETLIB_LOG = Logger.getLogger("dev.ludovic.netlib.blas");

    static final Platform INSTANCE = probeNow();

    private static Platform probeNow() {
      int cpus = Runtime.getRuntime().availableProcessors();
      String vectorMissing = vectorMissing();
      String missing = blasMissing();
      if (missing != null) {
        return new Platform(false, missing, false, 0, "", vectorMissing.isEmpty(), vectorMissing, cpus);
      }
      List<String> mapped = mappedBlasFiles();
      String library = libraryName(mapped);
      boolean optimized = !library.equals("reference BLAS");
      String generic = optimized ? genericKernels(library, NativeBLAS.getInstance(), cpuFlags()) : "";
      return new Platform(true, library, optimized, blasThreads(library, mapped, System.getenv(), cpus), generic,
          vectorMissing.isEmpty(), vectorMissing, cpus);
    }

    /** Null when netlib loaded a native BLAS, else why not. */
    private static String blasMissing() {
      if (System.getProperty("dev.ludovic.netlib.blas.nativeLib") == null
          && System.getProperty("dev.ludovic.netlib.blas.nativeLibPath") == null
          && isLinux()
          && !libblasKnownToLoader()) {
        // Asking netlib anyway would work too, but its JNI stub prints a dlopen error to stderr.
        return "no system BLAS (libblas.so.3) found; " + BLAS_HINT;
      }
      // netlib announces its choice at INFO on every start; nnet prints its own line instead.
      NETLIB_LOG.setLevel(Level.WARNING);
      try {
        NativeBLAS.getInstance();
        return null;
      } catch (RuntimeException | LinkageError e) {
        return "netlib could not load the system BLAS (" + e.getMessage() + "); " + BLAS_HINT;
      }
    }

    private static boolean isLinux() {
      return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux");
    }

    /** Whether the dynamic loader can find libblas.so.3: in LD_LIBRARY_PATH, or in its cache. */
    private static boolean libblasKnownToLoader() {
      String ldPath = System.getenv("LD_LIBRARY_PATH");
      if (ldPath != null) {
        for (String dir : ldPath.split(":")) {
          if (!dir.isEmpty() && Files.exists(Path.of(dir, "libblas.so.3"))) {
            return true;
          }
        }
      }
      try {
        byte[] cache = Files.readAllBytes(Path.of("/etc/ld.so.cache"));
        return new String(cache, StandardCharsets.ISO_8859_1).contains("libblas.so.3");
      } catch (IOException | SecurityException e) {
        return true; // cannot tell: let netlib try
      }
    }

    /** The shared objects mapped into this process whose names say BLAS (netlib's own JNI stub excluded). */
    private static List<String> mappedBlasFiles() {
      try {
        return Files.readAllLines(Path.of("/proc/self/maps")).stream()
            .map(line -> line.indexOf('/') < 0 ? "" : line.substring(line.indexOf('/')))
            .filter(path -> path.matches("(?i).*(blas|mkl|blis|atlas)[^/]*\\.so[.0-9]*"))
            .filter(path -> !path.contains("netlibblasjni"))
            .distinct()
            .toList();
      } catch (IOException | SecurityException e) {
        return List.of(); // not Linux: name the library generically
      }
    }

    private static String vectorMissing() {
      if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
        return "the JVM was started without `--add-modules jdk.incubator.vector`";
      }
      try {
        int lanes = FloatKernels.lanes();
        return lanes >= 4 ? "" : "this CPU's vectors hold only " + lanes + " floats";
      } catch (LinkageError e) {
        return "the Vector API failed to load (" + e + ")";
      }
    }
  }

  /** The instruction-set flags of the first processor in /proc/cpuinfo; empty when there is none to read. */
  static Set<String> cpuFlags() {
    try (var lines = Files.lines(Path.of("/proc/cpuinfo"))) {
      return lines.filter(line -> line.startsWith("flags"))
          .findFirst()
          .map(line -> Set.of(line.substring(line.indexOf(':') + 1).trim().split("\\s+")))
          .orElse(Set.of());
    } catch (IOException | SecurityException | UncheckedIOException e) {
      return Set.of(); // not Linux: no probe
    }
  }

  /** Names the BLAS from the files mapped into the process. */
  static String libraryName(List<String> mapped) {
    String all = String.join(" ", mapped).toLowerCase(Locale.ROOT);
    if (all.contains("openblas")) {
      return "OpenBLAS";
    } else if (all.contains("mkl")) {
      return "Intel MKL";
    } else if (all.contains("blis")) {
      return "BLIS";
    } else if (all.contains("atlas")) {
      return "ATLAS";
    } else if (all.contains("/blas/libblas.so")) {
      return "reference BLAS"; // Debian's and Ubuntu's libblas3 package
    } else if (mapped.isEmpty()) {
      return "system BLAS";
    }
    return Path.of(mapped.get(0)).getFileName().toString();
  }

  /**
   * The threads OpenBLAS will use, as it decides at load time: 1 for its serial build, else the first of
   * {@code OPENBLAS_NUM_THREADS} (pthread build), {@code GOTO_NUM_THREADS}, {@code OMP_NUM_THREADS} that is set,
   * else one per processor, never more than the processors. 0 for other libraries.
   */
  static int blasThreads(String library, List<String> mapped, Map<String, String> env, int cpus) {
    if (!library.equals("OpenBLAS")) {
      return 0;
    }
    String all = String.join(" ", mapped);
    if (all.contains("openblas-serial")) {
      return 1;
    }
    List<String> vars = all.contains("openblas-openmp")
        ? List.of("OMP_NUM_THREADS")
        : List.of("OPENBLAS_NUM_THREADS", "GOTO_NUM_THREADS", "OMP_NUM_THREADS");
    for (String var : vars) {
      String value = env.get(var);
      if (value != null) {
        try {
          int n = Integer.parseInt(value.trim());
          if (n > 0) {
            return Math.min(n, cpus);
          }
        } catch (NumberFormatException e) {
          // OpenBLAS ignores what it cannot parse; so do we
        }
      }
    }
    return cpus;
  }

  /**
   * Why {@code blas} runs generic kernels on a CPU that has fused multiply-add, with the remedy, or empty when its
   * kernels fuse (or the CPU cannot, or its flags are unknown). OpenBLAS picks its kernels by the CPU's model number
   * when it loads, and a version older than the CPU falls back to its generic SSE3 kernels: Debian 12's 0.3.21 does
   * so on an Emerald Rapids Xeon (model 207), where a training step of the Fashion-MNIST MLP at batch 128 took
   * 999 µs against 294–318 with its SkylakeX kernels and 418 with the Vector API's (benchmarks/RESULTS.md). Told
   * the kernels by {@code OPENBLAS_CORETYPE}, it takes them.
   */
  static String genericKernels(String library, BLAS blas, Set<String> cpuFlags) {
    if (!cpuFlags.contains("fma") || fusesMultiplyAdd(blas)) {
      return "";
    }
    String text = library + " runs generic kernels without fused multiply-add on this CPU";
    String core = openBlasCoreType(cpuFlags);
    if (library.equals("OpenBLAS") && core != null) {
      text += " (a model it does not know): start Java with OPENBLAS_CORETYPE=" + core;
    }
    return text;
  }

  /**
   * Whether {@code sgemm} fuses its multiply-adds, told from one small product's result: each element is
   * {@code p·q − p·q} with {@code p = q = 1 + 2⁻¹²}, whose exact product {@code 1 + 2⁻¹¹ + 2⁻²⁴} is no float. A kernel
   * that rounds each product before adding gets 0; one that fuses keeps the first product's rounding error, ±2⁻²⁴.
   * Sixteen by sixteen, so that no library takes it for a matrix-vector product.
   */
  static boolean fusesMultiplyAdd(BLAS blas) {
    int m = 16;
    int n = 16;
    float p = 1f + 0x1p-12f;
    float[] a = new float[m * 2];
    float[] b = new float[2 * n];
    Arrays.fill(a, 0, m, p); // column-major: the first column p, the second −p
    Arrays.fill(a, m, 2 * m, -p);
    Arrays.fill(b, p);
    float[] c = new float[m * n];
    blas.sgemm("N", "N", m, n, 2, 1f, a, m, b, 2, 0f, c, m);
    for (float value : c) {
      if (value == 0f) {
        return false;
      }
    }
    return true;
  }

  /**
   * The OpenBLAS kernels for a CPU with these instruction-set flags: {@code SkylakeX} with AVX-512 (F, CD, BW, DQ,
   * VL), {@code Haswell} with AVX2 and FMA, else null. The {@code ./nnet} launcher applies the same rule.
   */
  static String openBlasCoreType(Set<String> cpuFlags) {
    if (cpuFlags.containsAll(List.of("avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl"))) {
      return "SkylakeX";
    } else if (cpuFlags.containsAll(List.of("avx2", "fma"))) {
      return "Haswell";
    }
    return null;
  }
}
