package dev.nnet.runtime.optim;

/**
 * Adagrad as Keras computes it. The accumulator {@code a} starts at {@code initial_accumulator_value} (0.1 by
 * default, which keeps the first steps finite and moderate):
 *
 * <pre>
 *   a += g²
 *   w -= lr·g / √(a + ε)
 * </pre>
 */
final class Adagrad extends SlotOptimizer {
  private final double lr;
  private final double epsilon;

  Adagrad(OptimizerConfig c) {
    super(c, c.initialAccumulator(), "accumulator");
    this.lr = c.learningRate();
    this.epsilon = c.epsilon();
  }

  @Override
  void beginStep(long t) {}

  /** In float32 arithmetic, as Keras for float32 variables. */
  @Override
  void update(float[] w, float[] g, int from, int to, float[][] slots) {
    if (vector(from, to)) {
      VectorSteps.adagrad(w, g, slots[0], from, to, (float) lr, (float) epsilon);
    } else {
      plain(w, g, slots[0], from, to, (float) lr, (float) epsilon);
    }
  }

  /**
   * The float32 step over {@code [from, to)} as a plain loop, negligible gradients read as zero. The accumulator only
   * grows and starts at zero or at least {@link #NEGLIGIBLE}, and so does every square added to it: it needs no cut.
   * {@link VectorSteps#adagrad} makes the same bits.
   */
  static void plain(float[] w, float[] g, float[] a, int from, int to, float rate, float eps) {
    for (int i = from; i < to; i++) {
      float gi = gradient(g[i]);
      float ai = a[i] + gi * gi;
      a[i] = ai;
      w[i] -= rate * gi / (float) Math.sqrt(ai + eps);
    }
  }

  @Override
  void update(double[] w, double[] g, int from, int to, double[][] slots) {
    double[] a = slots[0];
    for (int i = from; i < to; i++) {
      double gi = gradient(g[i]);
      double ai = a[i] + gi * gi;
      a[i] = ai;
      w[i] -= lr * gi / Math.sqrt(ai + epsilon);
    }
  }
}
