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

  /** In float32 arithmetic, as Keras for float32 variables; a plain float loop that C2 vectorizes. */
  @Override
  void update(float[] w, float[] g, int from, int to, float[][] slots) {
    float[] a = slots[0];
    float rate = (float) lr;
    float eps = (float) epsilon;
    for (int i = from; i < to; i++) {
      float gi = g[i];
      float ai = a[i] + gi * gi;
      a[i] = ai;
      w[i] -= rate * gi / (float) Math.sqrt(ai + eps);
    }
  }

  @Override
  void update(double[] w, double[] g, int from, int to, double[][] slots) {
    double[] a = slots[0];
    for (int i = from; i < to; i++) {
      double gi = g[i];
      double ai = a[i] + gi * gi;
      a[i] = ai;
      w[i] -= lr * gi / Math.sqrt(ai + epsilon);
    }
  }
}
