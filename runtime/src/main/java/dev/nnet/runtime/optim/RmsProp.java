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

  /** In float32 arithmetic, as Keras for float32 variables; plain float loops that C2 vectorizes. */
  @Override
  void update(float[] w, float[] g, int from, int to, float[][] slots) {
    float[] s = slots[0];
    float r = (float) rho;
    float r1 = (float) (1 - rho);
    float rate = (float) lr;
    float eps = (float) epsilon;
    if (momentum > 0) {
      float[] u = slots[1];
      float mu = (float) momentum;
      for (int i = from; i < to; i++) {
        float gi = g[i];
        float si = r * s[i] + r1 * gi * gi;
        s[i] = si;
        float ui = mu * u[i] + rate * gi / (float) Math.sqrt(si + eps);
        u[i] = ui;
        w[i] -= ui;
      }
    } else {
      for (int i = from; i < to; i++) {
        float gi = g[i];
        float si = r * s[i] + r1 * gi * gi;
        s[i] = si;
        w[i] -= rate * gi / (float) Math.sqrt(si + eps);
      }
    }
  }

  @Override
  void update(double[] w, double[] g, int from, int to, double[][] slots) {
    double[] s = slots[0];
    double[] u = momentum > 0 ? slots[1] : null;
    for (int i = from; i < to; i++) {
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
