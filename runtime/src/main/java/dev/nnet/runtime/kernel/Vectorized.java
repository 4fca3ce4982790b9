package dev.nnet.runtime.kernel;

import dev.nnet.runtime.blas.MatMul;

/**
 * Whether a float32 pass hands its work to {@link VectorPasses}. Kept apart from that class, which names Vector API
 * types: loading it in a JVM started without {@code --add-modules jdk.incubator.vector} fails.
 */
final class Vectorized {
  /** Whether the Vector API is usable here ({@link MatMul#vectorApi()}). */
  private static final boolean AVAILABLE = MatMul.vectorApi();

  /**
   * Values below which a pass stays a plain loop: it takes a microsecond or two either way, and until C2 has compiled
   * a Vector API loop each of its vectors is a heap object, so a small model's steps would allocate.
   */
  static final int MIN_VALUES = 4096;

  private Vectorized() {}

  /** Whether a pass over {@code values} values runs on the Vector API. */
  static boolean worth(long values) {
    return AVAILABLE && values >= MIN_VALUES;
  }
}
