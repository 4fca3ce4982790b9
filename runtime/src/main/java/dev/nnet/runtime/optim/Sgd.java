package dev.nnet.runtime.optim;

/**
 * Stochastic gradient descent, as Keras computes it. Without momentum {@code w -= lr·g}. With momentum {@code m}
 * the velocity {@code v} (zero at first) follows {@code v = m·v − lr·g}, then {@code w += v}; with Nesterov
 * {@code w += m·v − lr·g} (using the new {@code v}).
 */
final class Sgd extends SlotOptimizer {
  private final double lr;
  private final double momentum;
  private final boolean nesterov;

  Sgd(OptimizerConfig c) {
    super(c, 0.0, c.momentum() > 0 ? new String[] {"momentum"} : new String[0]);
    this.lr = c.learningRate();
    this.momentum = c.momentum();
    this.nesterov = c.nesterov();
  }

  @Override
  void beginStep(long t) {}

  /** In float32 arithmetic, as Keras for float32 variables. */
  @Override
  void update(float[] w, float[] g, int from, int to, float[][] slots) {
    float rate = (float) lr;
    if (momentum == 0) {
      for (int i = from; i < to; i++) {
        w[i] -= rate * g[i]; // no state to decay; a gradient is flushed where it is made
      }
    } else if (vector(from, to)) {
      VectorSteps.sgd(w, g, slots[0], from, to, (float) momentum, rate, nesterov);
    } else {
      plain(w, g, slots[0], from, to, (float) momentum, rate, nesterov);
    }
  }

  /**
   * The float32 step with momentum {@code mu} over {@code [from, to)} as a plain loop; negligible gradients and
   * velocities are dropped (see {@link SlotOptimizer}). {@link VectorSteps#sgd} makes the same bits.
   */
  static void plain(float[] w, float[] g, float[] v, int from, int to, float mu, float rate, boolean nesterov) {
    for (int i = from; i < to; i++) {
      float gi = gradient(g[i]);
      float vi = cut(mu * v[i] - rate * gi);
      v[i] = vi;
      w[i] += nesterov ? mu * vi - rate * gi : vi;
    }
  }

  @Override
  void update(double[] w, double[] g, int from, int to, double[][] slots) {
    if (momentum == 0) {
      for (int i = from; i < to; i++) {
        w[i] -= lr * g[i];
      }
      return;
    }
    double[] v = slots[0];
    for (int i = from; i < to; i++) {
      double gi = gradient(g[i]);
      double vi = cut(momentum * v[i] - lr * gi);
      v[i] = vi;
      w[i] = nesterov ? w[i] + momentum * vi - lr * gi : w[i] + vi;
    }
  }
}
