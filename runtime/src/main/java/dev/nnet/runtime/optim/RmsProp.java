package dev.nnet.runtime.optim;

/**
 * RMSprop as Keras computes it (not centered). With the mean square {@code s} starting at zero:
 *
 * <pre>
 *   s  = ρ·s + (1 − ρ)·g²
 *   Δ  = lr·g / √(s + ε)                (ε inside the root, as Keras)
 *   w -= Δ                              without momentum
 *   u  = μ·u + Δ;  w -= u               with momentum μ (u starts at zero)
 * </pre>
 */
final class RmsProp extends SlotOptimizer {
  private final double lr;
  private final double rho;
  private final double momentum;
  private final double epsilon;

  RmsProp(OptimizerConfig c) {
    super(c, 0.0, c.momentum() > 0 ? new String[] {"velocity", "momentum"} : new String[] {"velocity"});
    this.lr = c.learningRate();
    this.rho = c.rho();
    this.momentum = c.momentum();
    this.epsilon = c.epsilon();
  }

  @Override
  void beginStep(long t) {}

  /** In float32 arithmetic, as Keras for float32 variables. */
  @Override
  void update(float[] w, float[] g, int from, int to, float[][] slots) {
    float[] u = momentum > 0 ? slots[1] : null;
    float r = (float) rho;
    float r1 = (float) (1 - rho);
    float rate = (float) lr;
    float eps = (float) epsilon;
    float mu = (float) momentum;
    if (vector(from, to)) {
      VectorSteps.rmsProp(w, g, slots[0], u, from, to, r, r1, rate, eps, mu);
    } else {
      plain(w, g, slots[0], u, from, to, r, r1, rate, eps, mu);
    }
  }

  /**
   * The float32 step over {@code [from, to)} as a plain loop, with momentum when {@code u} is not null; negligible
   * gradients and state are dropped (see {@link SlotOptimizer}). {@code r1 = 1 − ρ}. {@link VectorSteps#rmsProp}
   * makes the same bits.
   */
  static void plain(
      float[] w, float[] g, float[] s, float[] u, int from, int to, float r, float r1, float rate, float eps,
      float mu) {
    for (int i = from; i < to; i++) {
      float gi = gradient(g[i]);
      float si = cut(r * s[i] + r1 * gi * gi);
      s[i] = si;
      float delta = rate * gi / (float) Math.sqrt(si + eps);
      if (u != null) {
        float ui = cut(mu * u[i] + delta);
        u[i] = ui;
        w[i] -= ui;
      } else {
        w[i] -= delta;
      }
    }
  }

  @Override
  void update(double[] w, double[] g, int from, int to, double[][] slots) {
    double[] s = slots[0];
    double[] u = momentum > 0 ? slots[1] : null;
    for (int i = from; i < to; i++) {
      double gi = gradient(g[i]);
      double si = cut(rho * s[i] + (1 - rho) * gi * gi);
      s[i] = si;
      double delta = lr * gi / Math.sqrt(si + epsilon);
      if (u != null) {
        double ui = cut(momentum * u[i] + delta);
        u[i] = ui;
        w[i] -= ui;
      } else {
        w[i] -= delta;
      }
    }
  }
}
