package dev.nnet.runtime.optim;

/**
 * Adam (Kingma and Ba), in Keras' form, and AdamW when the configuration has a weight decay. At step {@code t}
 * (1-based), with moments {@code m} and {@code v} starting at zero:
 *
 * <pre>
 *   w     -= lr·wd·w                         (AdamW only: decoupled decay, applied before the update)
 *   m     += (g − m)·(1 − β₁)
 *   v     += (g² − v)·(1 − β₂)
 *   α      = lr·√(1 − β₂ᵗ) / (1 − β₁ᵗ)       (bias correction folded into the step size)
 *   w     -= α·m / (√v + ε)                  (ε outside the root and not bias-corrected: Kingma and Ba's ε̂)
 * </pre>
 */
final class Adam extends SlotOptimizer {
  private final double lr;
  private final double beta1;
  private final double beta2;
  private final double epsilon;
  /** {@code lr·wd}: the fraction of every weight that AdamW decays before the update; 0 for plain Adam. */
  private final double decay;

  private double alpha;

  Adam(OptimizerConfig c) {
    super(c, 0.0, "m", "v");
    this.lr = c.learningRate();
    this.beta1 = c.beta1();
    this.beta2 = c.beta2();
    this.epsilon = c.epsilon();
    this.decay = c.kind() == OptimizerConfig.Kind.ADAMW ? c.weightDecay() * c.learningRate() : 0.0;
  }

  @Override
  void beginStep(long t) {
    alpha = lr * Math.sqrt(1 - Math.pow(beta2, t)) / (1 - Math.pow(beta1, t));
  }

  /**
   * The float32 update runs in float32 arithmetic, as Keras runs it for float32 variables (widening to double would
   * keep it scalar, at several nanoseconds a weight, more than the matrix products of a small dense layer).
   */
  @Override
  void update(float[] w, float[] g, int from, int to, float[][] slots) {
    decay(w, from, to);
    step(w, g, slots, null, from, to);
  }

  /**
   * The same float32 update, storing each old weight into {@code previous} in the same loop: Adam's pass reads every
   * weight anyway, so the trainer's copy of the model costs one store a weight instead of a second pass over it.
   */
  @Override
  void update(float[] w, float[] g, int from, int to, float[][] slots, float[] previous) {
    if (decay != 0) {
      super.update(w, g, from, to, slots, previous); // AdamW's decay is its own pass: copy first, then both passes
      return;
    }
    step(w, g, slots, previous, from, to);
  }

  /** AdamW's decoupled decay, {@code w *= 1 − lr·wd}; nothing for Adam. */
  private void decay(float[] w, int from, int to) {
    if (decay != 0) {
      float keep = (float) (1 - decay);
      for (int i = from; i < to; i++) {
        w[i] *= keep;
      }
    }
  }

  private void step(float[] w, float[] g, float[][] slots, float[] previous, int from, int to) {
    float b1 = (float) (1 - beta1);
    float b2 = (float) (1 - beta2);
    float a = (float) alpha;
    float eps = (float) epsilon;
    if (vector(from, to)) {
      VectorSteps.adam(w, g, slots[0], slots[1], previous, from, to, b1, b2, a, eps);
    } else {
      plain(w, g, slots[0], slots[1], previous, from, to, b1, b2, a, eps);
    }
  }

  /**
   * Adam's float32 step over {@code [from, to)} as a plain loop, the old weights stored into {@code previous} unless it
   * is null; negligible gradients and moments are dropped (see {@link SlotOptimizer}). {@code b1 = 1 − β₁},
   * {@code b2 = 1 − β₂}, {@code a} the bias-corrected step size. {@link VectorSteps#adam} makes the same bits.
   */
  static void plain(
      float[] w, float[] g, float[] m, float[] v, float[] previous, int from, int to, float b1, float b2, float a,
      float eps) {
    for (int i = from; i < to; i++) {
      float gi = gradient(g[i]);
      float mi = cut(m[i] + (gi - m[i]) * b1);
      float vi = cut(v[i] + (gi * gi - v[i]) * b2);
      m[i] = mi;
      v[i] = vi;
      float wi = w[i];
      if (previous != null) {
        previous[i] = wi;
      }
      w[i] = wi - a * mi / ((float) Math.sqrt(vi) + eps);
    }
  }

  @Override
  void update(double[] w, double[] g, int from, int to, double[][] slots) {
    double[] m = slots[0];
    double[] v = slots[1];
    for (int i = from; i < to; i++) {
      double gi = gradient(g[i]);
      double mi = cut(m[i] + (gi - m[i]) * (1 - beta1));
      double vi = cut(v[i] + (gi * gi - v[i]) * (1 - beta2));
      m[i] = mi;
      v[i] = vi;
      double wi = w[i] - decay * w[i];
      w[i] = wi - alpha * mi / (Math.sqrt(vi) + epsilon);
    }
  }
}
