package dev.nnet.runtime.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LossesTest {
  private static final double[] P = {0.2, -1.5, 3.0, 0.7, 0.1, -0.4};
  private static final double[] T = {0.5, 1.0, 2.0, 0.7, -2.0, 0.0};

  private static float[] f(double[] a) {
    float[] r = new float[a.length];
    for (int i = 0; i < a.length; i++) {
      r[i] = (float) a[i];
    }
    return r;
  }

  interface Loss {
    double value(double[] p);
  }

  /** Compares a gradient kernel's output with central differences of the value. */
  private static void assertGradient(Loss loss, double[] p, double[] gradient) {
    double h = 1e-7;
    for (int i = 0; i < p.length; i++) {
      double[] plus = p.clone();
      double[] minus = p.clone();
      plus[i] += h;
      minus[i] -= h;
      double numeric = (loss.value(plus) - loss.value(minus)) / (2 * h);
      assertThat(gradient[i]).as("d/dp[%s]", i).isCloseTo(numeric, within(1e-7));
    }
  }

  @Test
  void meanSquaredError() {
    double expected = 0;
    for (int i = 0; i < 6; i++) {
      expected += (P[i] - T[i]) * (P[i] - T[i]);
    }
    assertThat(Losses.meanSquaredError(P, T, 2, 3)).isCloseTo(expected / 6, within(1e-15));
    assertThat(Losses.meanSquaredError(f(P), f(T), 2, 3)).isCloseTo(expected / 6, within(1e-6));
    double[] g = new double[6];
    Losses.meanSquaredErrorBackward(P, T, 2, 3, g);
    assertGradient(p -> Losses.meanSquaredError(p, T, 2, 3), P, g);
  }

  @Test
  void meanAbsoluteError() {
    double expected = 0;
    for (int i = 0; i < 6; i++) {
      expected += Math.abs(P[i] - T[i]);
    }
    assertThat(Losses.meanAbsoluteError(P, T, 2, 3)).isCloseTo(expected / 6, within(1e-15));
    double[] g = new double[6];
    Losses.meanAbsoluteErrorBackward(P, T, 2, 3, g);
    assertThat(g[3]).isZero(); // p = t: TensorFlow's sign(0) = 0
    double[] away = P.clone();
    away[3] = 0.9;
    Losses.meanAbsoluteErrorBackward(away, T, 2, 3, g);
    assertGradient(p -> Losses.meanAbsoluteError(p, T, 2, 3), away, g);
  }

  @Test
  void euclidean() {
    double row0 = Math.sqrt(0.09 + 6.25 + 1.0);
    double row1 = Math.sqrt(0 + 4.41 + 0.16);
    assertThat(Losses.euclidean(P, T, 2, 3)).isCloseTo((row0 + row1) / 2, within(1e-15));
    assertThat(Losses.euclidean(f(P), f(T), 2, 3)).isCloseTo((row0 + row1) / 2, within(1e-6));
    double[] g = new double[6];
    Losses.euclideanBackward(P, T, 2, 3, g);
    assertGradient(p -> Losses.euclidean(p, T, 2, 3), P, g);
    double[] same = new double[3];
    Losses.euclideanBackward(new double[] {1, 2, 3}, new double[] {1, 2, 3}, 1, 3, same);
    assertThat(same).containsExactly(0, 0, 0);
  }

  @Test
  void huberIsQuadraticInsideDeltaAndLinearOutside() {
    double delta = 1.0;
    double expected = 0;
    for (int i = 0; i < 6; i++) {
      double e = Math.abs(P[i] - T[i]);
      expected += e <= delta ? 0.5 * e * e : delta * (e - 0.5 * delta);
    }
    assertThat(Losses.huber(P, T, 2, 3, delta)).isCloseTo(expected / 6, within(1e-15));
    double[] g = new double[6];
    Losses.huberBackward(P, T, 2, 3, delta, g);
    assertGradient(p -> Losses.huber(p, T, 2, 3, delta), P, g);
    assertThat(g[1]).isCloseTo(-1.0 / 6, within(1e-15)); // e = −2.5, clamped to −δ
  }

  @Test
  void binaryCrossentropyClipsAndFusedGradientIsPMinusT() {
    double[] p = {0.9, 0.2, 0.6, 0.0};
    double[] t = {1, 0, 0, 1};
    double eps = Losses.EPSILON;
    double expected = -(Math.log(0.9) + Math.log(0.8) + Math.log(0.4) + Math.log(eps)) / 4;
    assertThat(Losses.binaryCrossentropy(p, t, 2, 2)).isCloseTo(expected, within(1e-12));
    double[] g = new double[4];
    Losses.binaryCrossentropyBackward(p, t, 2, 2, g);
    assertThat(g[3]).isZero(); // clipped
    double[] inside = {0.9, 0.2, 0.6, 0.3};
    Losses.binaryCrossentropyBackward(inside, t, 2, 2, g);
    assertGradient(q -> Losses.binaryCrossentropy(q, t, 2, 2), inside, g);

    // fused with sigmoid: d/dz of BCE(σ(z)) equals (σ(z) − t) / n
    double[] z = {2.0, -1.0, 0.5, -0.3};
    double[] s = new double[4];
    Activations.sigmoid(z, s, 0, 4);
    double[] dz = new double[4];
    Losses.sigmoidBinaryCrossentropyBackward(s, t, 2, 2, dz);
    assertGradient(zz -> {
      double[] ss = new double[4];
      Activations.sigmoid(zz, ss, 0, 4);
      return Losses.binaryCrossentropy(ss, t, 2, 2);
    }, z, dz);
  }

  @Test
  void categoricalCrossentropyReadsClassIndices() {
    double[] p = {0.7, 0.2, 0.1, 0.05, 0.05, 0.9};
    double[] t = {0, 2};
    assertThat(Losses.categoricalCrossentropy(p, t, 2, 3))
        .isCloseTo(-(Math.log(0.7) + Math.log(0.9)) / 2, within(1e-15));
    assertThat(Losses.categoricalCrossentropy(f(p), f(t), 2, 3))
        .isCloseTo(-(Math.log(0.7) + Math.log(0.9)) / 2, within(1e-6));
    double[] g = {9, 9, 9, 9, 9, 9};
    Losses.categoricalCrossentropyBackward(p, t, 2, 3, g);
    assertThat(g).containsExactly(-1 / (0.7 * 2), 0, 0, 0, 0, -1 / (0.9 * 2));
    assertThat(Losses.categoricalCrossentropy(new double[] {1, 0}, new double[] {1}, 1, 2))
        .isCloseTo(-Math.log(Losses.EPSILON), within(1e-9));

    // fused with softmax: d/dz of CCE(softmax(z)) equals (p − onehot) / rows
    double[] z = {1.0, -0.5, 0.3, 0.2, 0.1, 2.0};
    double[] s = new double[6];
    Activations.softmax(z, s, 0, 2, 3);
    double[] dz = new double[6];
    Losses.softmaxCategoricalCrossentropyBackward(s, t, 2, 3, dz);
    assertGradient(zz -> {
      double[] ss = new double[6];
      Activations.softmax(zz, ss, 0, 2, 3);
      return Losses.categoricalCrossentropy(ss, t, 2, 3);
    }, z, dz);
  }

  @Test
  void emptyBatchesHaveZeroLoss() {
    double[] none = new double[0];
    assertThat(Losses.meanSquaredError(none, none, 0, 3)).isZero();
    assertThat(Losses.euclidean(none, none, 0, 3)).isZero();
    assertThat(Losses.categoricalCrossentropy(none, none, 0, 3)).isZero();
    assertThat(Losses.binaryCrossentropy(none, none, 4, 0)).isZero();
  }
}
