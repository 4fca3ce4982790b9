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

  /** In float32 arithmetic, as Keras for float32 variables; plain float loops that C2 vectorizes. */
  @Override
  void update(float[] w, float[] g, int from, int to, float[][] slots) {
    float rate = (float) lr;
    if (momentum == 0) {
      for (int i = from; i < to; i++) {
        w[i] -= rate * g[i];
      }
      return;
    }
    float[] v = slots[0];
    float mu = (float) momentum;
    if (nesterov) {
      for (int i = from; i < to; i++) {
        float vi = mu * v[i] - rate * g[i];
        v[i] = vi;
        w[i] += mu * vi - rate * g[i];
      }
    } else {
      for (int i = from; i < to; i++) {
        float vi = mu * v[i] - rate * g[i];
        v[i] = vi;
        w[i] += vi;
      }
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
      double vi = momentum * v[i] - lr * g[i];
      v[i] = vi;
      w[i] = nesterov ? w[i] + momentum * vi - lr * g[i] : w[i] + vi;
    }
  }
}
