package dev.nnet.runtime.blas;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Chooses and builds backends by name for {@link MatMul}. The rule for {@code auto}, fastest first as measured in
 * {@code benchmarks/RESULTS.md}: a tuned native BLAS running this CPU's own kernels, else the Vector API kernels,
 * else the native BLAS as it is (the reference BLAS, or a tuned one on generic kernels) if that is all there is,
 * else EJML. Every decision reads a {@link Platform}, so tests can ask about machines this is not.
 */
final class Backends {
  static final String AUTO = "auto";

  /** Every backend name, in the order {@code auto} prefers them on a machine with a tuned BLAS. */
  static final List<String> NAMES = List.of("blas", "vector", "ejml");

  private Backends() {}

  /**
   * The backend {@code requested} names on {@code platform}: {@code auto} becomes the fastest available one.
   *
   * @throws IllegalArgumentException for an unknown name, or a backend this platform cannot run, saying why
   */
  static String resolve(String requested, Platform platform) {
    String name = requested.trim().toLowerCase(Locale.ROOT);
    switch (name) {
      case AUTO:
        return auto(platform);
      case "blas":
        if (!platform.blas()) {
          throw unavailable(name, platform.blasLibrary(), platform);
        }
        return name;
      case "vector":
        if (!platform.vector()) {
          throw unavailable(name, platform.vectorMissing(), platform);
        }
        return name;
      case "ejml":
        return name;
      default:
        throw new IllegalArgumentException(
            "unknown matrix-multiply backend `" + requested + "`; expected one of auto, " + String.join(", ", NAMES));
    }
  }

  static String auto(Platform platform) {
    if (platform.blas() && platform.blasOptimized() && platform.blasGeneric().isEmpty()) {
      return "blas";
    } else if (platform.vector()) {
      return "vector";
    } else if (platform.blas()) {
      return "blas";
    }
    return "ejml";
  }

  /** The names {@link #resolve} accepts on {@code platform} besides {@code auto}, in order of preference. */
  static List<String> available(Platform platform) {
    List<String> names = new ArrayList<>();
    for (String name : NAMES) {
      if ((!name.equals("blas") || platform.blas()) && (!name.equals("vector") || platform.vector())) {
        names.add(name);
      }
    }
    return List.copyOf(names);
  }

  private static IllegalArgumentException unavailable(String name, String why, Platform platform) {
    return new IllegalArgumentException("matrix-multiply backend `" + name + "` is not available: " + why
        + "; available here: " + String.join(", ", available(platform)));
  }

  /** Builds the backend {@code name} (already resolved) on the real platform. */
  static MatMulBackend create(String name, int threads, Platform platform) {
    if (threads < 1) {
      throw new IllegalArgumentException("the matrix multiply needs at least 1 thread, got " + threads);
    }
    switch (name) {
      case "blas":
        return new BlasBackend(Platform.nativeBlas(), platform, threads);
      case "vector":
        return new VectorBackend(threads);
      case "ejml":
        return new EjmlBackend(threads);
      default:
        throw new IllegalArgumentException("not a resolved backend name: " + name);
    }
  }

  /**
   * The thread count a property value asks for: a positive integer, or {@code null} or empty for one per
   * processor.
   *
   * @throws IllegalArgumentException if the value is neither
   */
  static int threads(String value, int cpus) {
    if (value == null || value.isBlank()) {
      return cpus;
    }
    try {
      int n = Integer.parseInt(value.trim());
      if (n >= 1) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        MatMul.THREADS_PROPERTY + "=" + value + " is not a thread count; expected a positive integer");
  }
}
