package dev.nnet.runtime.train;

import dev.nnet.runtime.Dataset;
import dev.nnet.runtime.Network;
import dev.nnet.runtime.Parameter;
import dev.nnet.runtime.blas.MatMul;
import dev.nnet.runtime.blas.Parallel;
import dev.nnet.runtime.optim.Optimizer;
import java.util.List;

/**
 * The end of one training step and the start of the next, side by side on two threads: the optimizer's update on
 * one, the gather of the next batch into the network's input buffers on the other.
 *
 * <p>Why: both are stretches a step otherwise runs on one thread while the other spins. The gather is bound by memory
 * latency (rows of a shuffled data set come from anywhere in memory: 0.9 µs a Fashion-MNIST row), the update by
 * bandwidth to the cache (Adam over 101,770 weights takes about as long on two threads as on one), so the two overlap
 * well where either alone gains little from a second thread (benchmarks/RESULTS.md).
 *
 * <p>Why it is safe: once {@code backward()} has run, nothing reads the input buffers until the next
 * {@code forward}, and the gather touches no parameter, gradient or optimizer state. Each part is the same work
 * whichever thread runs it, so the weights are the same bits as when the two run one after the other.
 */
final class UpdateAndNextBatch implements Parallel.Job {
  private final Network net;
  private final Optimizer optimizer;
  private final List<Parameter> params;
  private final WeightsSnapshot beforeStep;

  /** The next batch, for {@link #run(int, int)}. */
  private Dataset data;

  private int[] order;
  private int from;
  private int n;

  UpdateAndNextBatch(Network net, Optimizer optimizer, List<Parameter> params, WeightsSnapshot beforeStep) {
    this.net = net;
    this.optimizer = optimizer;
    this.params = params;
    this.beforeStep = beforeStep;
  }

  /**
   * Runs the optimizer step (leaving the old weights in {@code beforeStep}) and {@code net.loadBatch(data, order,
   * from, n)}, on two threads when the matrix multiply has them, else one after the other.
   */
  void run(Dataset data, int[] order, int from, int n) {
    this.data = data;
    this.order = order;
    this.from = from;
    this.n = n;
    Parallel team = MatMul.team();
    try {
      team.run(this, Math.min(2, team.threads()));
    } finally {
      this.data = null;
      this.order = null;
    }
  }

  /** Part 0 updates (and, with one part, then loads); part 1 loads. */
  @Override
  public void run(int part, int parts) {
    if (part == 0) {
      optimizer.step(params, beforeStep.floats(), beforeStep.doubles());
    }
    if (part == 1 || parts == 1) {
      net.loadBatch(data, order, from, n);
    }
  }
}
