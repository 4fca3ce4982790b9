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

  @Override
  void update(float[] w, float[] g, int n, float[][] slots) {
    float[] s = slots[0];
    float[] u = momentum > 0 ? slots[1] : null;
    for (int i = 0; i < n; i++) {
      double gi = g[i];
      double si = rho * s[i] + (1 - rho) * gi * gi;
      s[i] = (float) si;
      double delta = lr * gi / Math.sqrt(si + epsilon);
      if (u != null) {
        double ui = momentum * u[i] + delta;
        u[i] = (float) ui;
        w[i] = (float) (w[i] - ui);
      } else {
        w[i] = (float) (w[i] - delta);
      }
    }
  }

  @Override
  void update(double[] w, double[] g, int n, double[][] slots) {
    double[] s = slots[0];
    double[] u = momentum > 0 ? slots[1] : null;
    for (int i = 0; i < n; i++) {
      double gi = g[i];
      double si = rho * s[i] + (1 - rho) * gi * gi;
      s[i] = si;
      double delta = lr * gi / Math.sqrt(si + epsilon);
      if (u != null) {
        double ui = momentum * u[i] + delta;
        u[i] = ui;
        w[i] -= ui;
      } else {
        w[i] -= delta;
      }
    }
  }
}
