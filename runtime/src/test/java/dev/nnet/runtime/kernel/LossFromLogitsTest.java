package dev.nnet.runtime.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * The fused losses' values from the logits (issue 18, item 9): Keras computes cross-entropy of a softmax or sigmoid
 * output from its logits, so where the true class's probability underflows it reports the true loss, not the 16.1
 * of a probability clipped at 1e-7. Reference values are the closed forms, computed here in float64.
 */
class LossFromLogitsTest {
  @Test
  void softmaxCrossEntropyIsLogSumExpMinusTheTrueLogit() {
    // Row 0: the true class's probability is e^-300 (underflows in float32 and float64 alike); row 1: ordinary.
    float[] z = {300f, 0f, 1f, 0.5f, 2f, -1f};
    float[] t = {1f, 1f};
    double row0 = 300 + Math.log(1 + Math.exp(-300) + Math.exp(-299)) - 0;
    double row1 = 2 + Math.log(Math.exp(0.5 - 2) + 1 + Math.exp(-3)) - 2;
    double expected = (row0 + row1) / 2;
    // Float32 logits take float32 exponentials (a few units of 2^-24 each, relative), summed in float64: the log of
    // the sum is within a few 2^-24 of the exact one, per row. The softmax of the forward pass leaves it.
    assertThat(loss(z, t, 2, 3)).isCloseTo(expected, within(3e-7));
    double[] zd = {300, 0, 1, 0.5, 2, -1};
    double[] td = {1, 1};
    double[] lse = new double[2];
    Activations.softmax(zd, new double[6], 0, 2, 3, lse);
    assertThat(Losses.softmaxCategoricalCrossentropy(zd, lse, td, 2, 3)).isCloseTo(expected, within(1e-12));

    // The clipped loss from probabilities says at most -log(1e-7) for row 0: what nnet reported before.
    float[] p = new float[6];
    Activations.softmax(z, p, 0, 2, 3);
    assertThat(Losses.categoricalCrossentropy(p, t, 2, 3)).isLessThan(-Math.log(Losses.EPSILON));
    assertThat(expected).isGreaterThan(150);
  }

  /** The loss as a float32 network computes it: its softmax leaves each row's log-sum-exp, the loss reads it. */
  private static double loss(float[] z, float[] t, int rows, int cols) {
    double[] logSumExp = new double[rows];
    float[] p = new float[z.length];
    Activations.softmax(z, p, 0, rows, cols, logSumExp);
    // softmax with or without the log-sum-exp: the same probabilities
    float[] plain = new float[z.length];
    Activations.softmax(z, plain, 0, rows, cols);
    assertThat(p).containsExactly(plain);
    return Losses.softmaxCategoricalCrossentropy(z, logSumExp, t, rows, cols);
  }

  /** Many rows, and wide ones (the vector exponentials and their scalar tails): the float64 reference's loss. */
  @Test
  void softmaxCrossEntropyOfLargeBatchesAndWideRows() {
    java.util.SplittableRandom random = new java.util.SplittableRandom(3);
    for (int[] shape : new int[][] {{300, 10}, {3, 5000}, {1, 2049}}) {
      int rows = shape[0], cols = shape[1];
      float[] z = new float[rows * cols];
      float[] t = new float[rows];
      double expected = 0;
      for (int r = 0; r < rows; r++) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < cols; j++) {
          z[r * cols + j] = (float) (random.nextDouble() * 20 - 10);
          max = Math.max(max, z[r * cols + j]);
        }
        t[r] = random.nextInt(cols);
        double exps = 0;
        for (int j = 0; j < cols; j++) {
          exps += Math.exp(z[r * cols + j] - max);
        }
        expected += max + Math.log(exps) - z[r * cols + (int) t[r]];
      }
      assertThat(loss(z, t, rows, cols)).as("%d × %d", rows, cols)
          .isCloseTo(expected / rows, within(3e-7));
    }
  }

  @Test
  void sigmoidCrossEntropyIsTheStableLogitForm() {
    float[] z = {-200f, 3f, 0f, 40f};
    float[] t = {1f, 0f, 1f, 0f};
    double expected = 0;
    for (int i = 0; i < z.length; i++) {
      double p = 1 / (1 + Math.exp(-(double) z[i]));
      double exact = z[i] > 30 || z[i] < -30
          ? Math.max(z[i], 0) - z[i] * t[i] + Math.log1p(Math.exp(-Math.abs(z[i])))
          : -(t[i] * Math.log(p) + (1 - t[i]) * Math.log(1 - p));
      expected += exact;
    }
    expected /= z.length;
    assertThat(Losses.sigmoidBinaryCrossentropy(z, t, 2, 2)).isCloseTo(expected, within(1e-9));
    assertThat(expected).as("row 0 alone contributes 200/4").isGreaterThan(60);
  }
}
