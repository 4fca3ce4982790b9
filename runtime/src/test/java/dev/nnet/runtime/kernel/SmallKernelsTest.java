package dev.nnet.runtime.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.nnet.runtime.Rng;
import org.junit.jupiter.api.Test;

/** Bias, Dropout, Initializers and Batches against plain loops and statistics. */
class SmallKernelsTest {
  @Test
  void biasAddsToEveryRowAndItsGradientSumsRows() {
    double[] m = {1, 2, 3, 4, 5, 6};
    Bias.add(m, 2, 3, new double[] {10, 20, 30});
    assertThat(m).containsExactly(11, 22, 33, 14, 25, 36);
    double[] db = {9, 9, 9};
    Bias.backward(m, 2, 3, db);
    assertThat(db).containsExactly(25, 47, 69);
    float[] mf = {1, 2, 3, 4};
    float[] dbf = {5, 5};
    Bias.backward(mf, 0, 2, dbf);
    assertThat(dbf).containsExactly(0, 0); // no rows: zero gradient, not stale values
    Bias.add(mf, 2, 2, new float[] {1, -1});
    assertThat(mf).containsExactly(2, 1, 4, 3);
  }

  @Test
  void dropoutKeepsAboutOneMinusRateScaledAndBackwardReusesTheMask() {
    int n = 100_000;
    double rate = 0.3;
    double[] x = new double[n];
    java.util.Arrays.fill(x, 2.0);
    double[] mask = new double[n];
    double[] y = new double[n];
    Dropout.forward(x, mask, y, n, rate, new Rng(1));
    long kept = java.util.Arrays.stream(mask).filter(m -> m != 0).count();
    assertThat((double) kept / n).isCloseTo(0.7, within(0.01));
    assertThat(java.util.Arrays.stream(mask).filter(m -> m != 0)).allMatch(m -> m == 1 / 0.7);
    assertThat(java.util.Arrays.stream(y).average().orElseThrow()).isCloseTo(2.0, within(0.02)); // inverted
    double[] dx = new double[n];
    Dropout.backward(mask, x, dx, n);
    assertThat(dx).containsExactly(y);

    float[] xf = new float[n];
    java.util.Arrays.fill(xf, 2f);
    float[] maskf = new float[n];
    Dropout.forward(xf, maskf, xf, n, rate, new Rng(1));
    for (int i = 0; i < n; i++) {
      assertThat(maskf[i] == 0).isEqualTo(mask[i] == 0); // same Rng state, same units dropped
    }
    double[] none = {5};
    Dropout.forward(none, new double[1], none, 1, 0.0, new Rng(2));
    assertThat(none).containsExactly(5);
  }

  @Test
  void uniformInitializersStayWithinKerasLimits() {
    double[] w = new double[20_000];
    Initializers.glorotUniform(w, 30, 70, new Rng(3));
    double limit = Math.sqrt(6.0 / 100);
    assertThat(java.util.Arrays.stream(w)).allMatch(v -> Math.abs(v) <= limit);
    assertThat(variance(w)).isCloseTo(limit * limit / 3, within(limit * limit * 0.02));
    Initializers.heUniform(w, 30, 70, new Rng(3));
    assertThat(java.util.Arrays.stream(w)).allMatch(v -> Math.abs(v) <= Math.sqrt(6.0 / 30));
    Initializers.lecunUniform(w, 30, 70, new Rng(3));
    assertThat(variance(w)).isCloseTo(1.0 / 30, within(0.02 / 30));
  }

  @Test
  void truncatedNormalInitializersHaveTheTargetVariance() {
    double[] w = new double[50_000];
    Initializers.heNormal(w, 50, 10, new Rng(4));
    double variance = 2.0 / 50;
    assertThat(variance(w)).isCloseTo(variance, within(variance * 0.03));
    double bound = 2 * Math.sqrt(variance) / 0.87962566103423978;
    assertThat(java.util.Arrays.stream(w)).allMatch(v -> Math.abs(v) <= bound);
    Initializers.glorotNormal(w, 50, 10, new Rng(4));
    assertThat(variance(w)).isCloseTo(2.0 / 60, within(2.0 / 60 * 0.03));
    Initializers.lecunNormal(w, 50, 10, new Rng(4));
    assertThat(variance(w)).isCloseTo(1.0 / 50, within(1.0 / 50 * 0.03));
  }

  @Test
  void initializersAreDeterministicAndAgreeAcrossPrecisions() {
    double[] a = new double[100];
    float[] b = new float[100];
    Initializers.glorotNormal(a, 10, 10, new Rng(5));
    Initializers.glorotNormal(b, 10, 10, new Rng(5));
    for (int i = 0; i < 100; i++) {
      assertThat((double) b[i]).isCloseTo(a[i], within(1e-7));
    }
    Initializers.ones(b);
    assertThat(b).containsOnly(1f);
    Initializers.zeros(a);
    assertThat(a).containsOnly(0.0);
    Initializers.glorotUniform(new float[0], 1, 1, new Rng(1));
  }

  private static double variance(double[] w) {
    double mean = java.util.Arrays.stream(w).average().orElseThrow();
    return java.util.Arrays.stream(w).map(v -> (v - mean) * (v - mean)).sum() / w.length;
  }

  @Test
  void gatherCopiesRowsInOrderAndWidens() {
    float[] src = {0, 1, 10, 11, 20, 21};
    int[] order = {2, 0, 1};
    float[] dst = new float[4];
    Batches.gather(src, 2, order, 0, 2, dst);
    assertThat(dst).containsExactly(20, 21, 0, 1);
    double[] wide = new double[2];
    Batches.gather(src, 2, order, 2, 1, wide);
    assertThat(wide).containsExactly(10, 11);
    Batches.gather(src, 2, order, 3, 0, wide); // nothing to copy
  }

  @Test
  void gatherClassesChecksLabels() {
    float[] labels = {0, 2, 1.5f, -1, 3};
    double[] dst = new double[2];
    Batches.gatherClasses(labels, new int[] {1, 0}, 0, 2, 3, dst);
    assertThat(dst).containsExactly(2, 0);
    assertThatThrownBy(() -> Batches.gatherClasses(labels, new int[] {2}, 0, 1, 3, new float[1]))
        .hasMessage("row 2: label 1.5 is not a class index in [0, 3)");
    assertThatThrownBy(() -> Batches.gatherClasses(labels, new int[] {3}, 0, 1, 3, new float[1]))
        .hasMessageContaining("row 3: label -1.0");
    assertThatThrownBy(() -> Batches.gatherClasses(labels, new int[] {4}, 0, 1, 3, new float[1]))
        .hasMessageContaining("row 4: label 3.0");
  }
}
