package dev.nnet.runtime.blas;

import dev.ludovic.netlib.blas.NativeBLAS;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
        return new Platform(false, missing, false, 0, vectorMissing.isEmpty(), vectorMissing, cpus);
      }
      List<String> mapped = mappedBlasFiles();
      String library = libraryName(mapped);
      boolean optimized = !library.equals("reference BLAS");
      return new Platform(
          true, library, optimized, blasThreads(library, mapped, System.getenv(), cpus), vectorMissing.isEmpty(),
          vectorMissing, cpus);
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
}
