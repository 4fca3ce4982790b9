package dev.nnet.runtime.kernel;

/**
 * Penalties a layer adds to the loss, each value beside its gradient, for float32 and float64 arrays: the L2 penalty
 * of a kernel (Keras' {@code kernel_regularizer=L2(l2)}), {@code P = l2·Σ w²}, {@code ∂P/∂w = 2·l2·w}. The value is
 * added to the batch's loss by the caller; the gradient is added to what is already in {@code dw}, the gradient of
 * the loss itself.
 */
public final class Regularizers {
  private Regularizers() {}

  public static double l2Penalty(float[] w, double l2) {
    double sum = 0;
    for (float v : w) {
      sum += (double) v * v;
    }
    return l2 * sum;
  }

  public static double l2Penalty(double[] w, double l2) {
    double sum = 0;
    for (double v : w) {
      sum += v * v;
    }
    return l2 * sum;
  }

  public static void l2PenaltyBackward(float[] w, double l2, float[] dw) {
    float scale = (float) (2 * l2);
    for (int i = 0; i < w.length; i++) {
      dw[i] += scale * w[i];
    }
  }

  public static void l2PenaltyBackward(double[] w, double l2, double[] dw) {
    double scale = 2 * l2;
    for (int i = 0; i < w.length; i++) {
      dw[i] += scale * w[i];
    }
  }
}
