package dev.nnet.runtime.layer;

import dev.nnet.runtime.blas.MatMul;
import dev.nnet.runtime.blas.Parallel;

/** Runs a layer's job in parts on the matrix multiply's threads. */
public final class PartRunner {
  private PartRunner() {}

  /** Threads a layer's parts may run on: the matrix multiply's, one set of per-part buffers each. */
  public static int threads() {
    return MatMul.backend().threads();
  }

  /**
   * Runs {@code job} cut into parts, at most one part per item and at most {@code maxParts} (the sets of part
   * buffers), and returns how many parts it ran: the bits depend on that count only.
   */
  public static int run(Parallel.Job job, int items, int maxParts) {
    Parallel team = MatMul.team();
    int parts = Math.min(maxParts, team.parts(items));
    team.run(job, parts);
    return parts;
  }
}
