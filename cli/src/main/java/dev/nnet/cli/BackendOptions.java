package dev.nnet.cli;

import dev.nnet.runtime.blas.MatMul;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** {@code --matmul NAME --threads N}: which matrix-multiply backend runs, and on how many threads. */
final class BackendOptions {
  /** The most threads a step may run on: far beyond any machine's cores, far below what exhausts the memory. */
  static final int MAX_THREADS = 1024;

  @Option(
      names = "--matmul",
      paramLabel = "NAME",
      description = "Matrix-multiply backend (default: the fastest available here; ejml is always available).")
  String matmul;

  @Option(
      names = "--threads",
      paramLabel = "N",
      description = "Threads a training step runs on: the parts of a layer and of a large matrix product"
          + " (default: one per core; the same count gives the same weights).")
  Integer threads;

  /** Puts the chosen backend in use; an unknown or unavailable one is a usage error naming those that work. */
  void apply(CommandLine cmd) {
    if (threads != null && threads < 1) {
      throw new CommandLine.ParameterException(cmd, "--threads must be at least 1, got " + threads);
    }
    if (threads != null && threads > MAX_THREADS) {
      // Each thread keeps buffers for its part of a step: 100,000 of them exhaust the memory before training starts.
      throw new CommandLine.ParameterException(cmd, "--threads must be at most " + MAX_THREADS + " (this machine has "
          + Runtime.getRuntime().availableProcessors() + " cores), got " + threads);
    }
    if (matmul == null && threads == null) {
      return;
    }
    String name = matmul != null ? matmul : MatMul.backend().name();
    try {
      MatMul.select(name, threads != null ? threads : MatMul.defaultThreads());
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(cmd, "--matmul: " + e.getMessage());
    }
  }
}
