package dev.nnet.runtime.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.nnet.runtime.Dataset;
import dev.nnet.runtime.testing.StubNetwork;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Metrics on small cases worked out by hand (the expected values' derivations are in the comments). */
class MetricsTest {
  private static final TaskType MULTI = TaskType.MULTICLASS_CLASSIFICATION;
  private static final TaskType BINARY = TaskType.BINARY_CLASSIFICATION;

  /** Targets 0,0,1,1,2,2 stored in a shuffled order, so the metric must follow {@code order}. */
  private static final Dataset SIX = new Dataset(new float[6], 1, new float[] {2, 0, 1, 0, 2, 1}, 1, 6, List.of());

  private static final int[] ORDER = {1, 3, 2, 5, 0, 4}; // targets in this order: 0,0,1,1,2,2

  /**
   * Predictions 0,1 | 1,1 | 2,0 (argmax of each row), second choices 1,0 | 0,2 | 1,2. Confusion (true rows): t0 →
   * {p0: 1, p1: 1}, t1 → {p1: 2}, t2 → {p2: 1, p0: 1}.
   */
  private static final double[] FIRST_HALF = {
    0.7, 0.2, 0.1, //
    0.3, 0.6, 0.1, //
    0.3, 0.6, 0.1
  };

  private static final double[] SECOND_HALF = {
    0.1, 0.8, 0.1, //
    0.1, 0.3, 0.6, //
    0.5, 0.1, 0.4
  };

  private static double run(String key, TaskType task, int outputs) {
    Metric m = Metrics.create(key, task, outputs);
    m.reset();
    StubNetwork net = new StubNetwork(outputs);
    // Two batches of 3 rows, as a trainer would feed them.
    m.update(net.outputs(FIRST_HALF), SIX, ORDER, 0, 3);
    m.update(net.outputs(SECOND_HALF), SIX, ORDER, 3, 3);
    return m.value();
  }

  @Test
  void multiclassAccuracyPrecisionRecallF1() {
    assertThat(run("accuracy", MULTI, 3)).isCloseTo(4.0 / 6, within(1e-12));
    // precision per class: 1/2, 2/3, 1/1 → macro 0.7222
    assertThat(run("precision", MULTI, 3)).isCloseTo((0.5 + 2.0 / 3 + 1) / 3, within(1e-12));
    // recall per class: 1/2, 2/2, 1/2 → macro 2/3
    assertThat(run("recall", MULTI, 3)).isCloseTo(2.0 / 3, within(1e-12));
    // F1 per class: 0.5, 0.8, 2/3 → macro 0.6556
    assertThat(run("f1", MULTI, 3)).isCloseTo((0.5 + 0.8 + 2.0 / 3) / 3, within(1e-12));
  }

  @Test
  void topKAccuracy() {
    // Each target is the first or second choice of its row (see the second choices above): top-2 is 6/6.
    assertThat(run("top_2_accuracy", MULTI, 3)).isEqualTo(1.0);
    assertThat(run("top_1_accuracy", MULTI, 3)).isCloseTo(4.0 / 6, within(1e-12));
    assertThat(Metrics.create("top_5_accuracy", MULTI, 10).key()).isEqualTo("top_5_accuracy");
  }

  @Test
  void topKCountsTiesInTheTargetsFavour() {
    Dataset one = new Dataset(new float[1], 1, new float[] {2}, 1, 1, List.of());
    Metric m = Metrics.create("top_1_accuracy", MULTI, 3);
    m.reset();
    m.update(new StubNetwork(3).outputs(0.4, 0.2, 0.4), one, new int[] {0}, 0, 1);
    assertThat(m.value()).isEqualTo(1.0);
  }

  @Test
  void binaryMetricsAreThoseOfClassOne() {
    Dataset five = new Dataset(new float[5], 1, new float[] {1, 0, 1, 1, 0}, 1, 5, List.of());
    int[] order = {0, 1, 2, 3, 4};
    // p ≥ 0.5 → predictions 1,1,0,1,1: TP 2, FP 2, FN 1, TN 0.
    double[] p = {0.9, 0.6, 0.4, 0.5, 0.7};
    StubNetwork net = new StubNetwork(1).outputs(p);
    double[] expected = {2.0 / 5, 0.5, 2.0 / 3, 2 * 0.5 * (2.0 / 3) / (0.5 + 2.0 / 3)};
    String[] keys = {"accuracy", "precision", "recall", "f1"};
    for (int i = 0; i < keys.length; i++) {
      Metric m = Metrics.create(keys[i], BINARY, 1);
      m.reset();
      m.update(net, five, order, 0, 5);
      assertThat(m.value()).as(keys[i]).isCloseTo(expected[i], within(1e-12));
    }
  }

  @Test
  void regressionErrorsAndR2AgainstTwoPassFormulas() {
    // Two outputs; targets with a large mean and small spread to exercise the streaming R².
    float[] targets = {1000.5f, 1, 1001.0f, 2, 999.5f, 4, 1000.0f, 3};
    double[] outputs = {1000.0, 1.5, 1001.5, 2, 999.0, 3, 1000.25, 3.5};
    Dataset d = new Dataset(new float[4], 1, targets, 2, 4, List.of());
    int[] order = {0, 1, 2, 3};
    StubNetwork net = new StubNetwork(2).outputs(outputs);
    double se = 0;
    double ae = 0;
    double r2 = 0;
    for (int j = 0; j < 2; j++) {
      double mean = 0;
      for (int r = 0; r < 4; r++) {
        mean += targets[r * 2 + j] / 4.0;
      }
      double res = 0;
      double tot = 0;
      for (int r = 0; r < 4; r++) {
        double e = outputs[r * 2 + j] - targets[r * 2 + j];
        se += e * e;
        ae += Math.abs(e);
        res += e * e;
        tot += (targets[r * 2 + j] - mean) * (targets[r * 2 + j] - mean);
      }
      r2 += (1 - res / tot) / 2;
    }
    String[] keys = {"mse", "mae", "r2"};
    double[] expected = {se / 8, ae / 8, r2};
    for (int i = 0; i < keys.length; i++) {
      Metric m = Metrics.create(keys[i], TaskType.REGRESSION, 2);
      m.reset();
      m.update(net, d, order, 0, 2);
      m.update(net.outputs(java.util.Arrays.copyOfRange(outputs, 4, 8)), d, order, 2, 2);
      net.outputs(outputs);
      assertThat(m.value()).as(keys[i]).isCloseTo(expected[i], within(1e-9));
    }
  }

  @Test
  void mseOfAClassifierComparesProbabilitiesWithOneHotTargets() {
    Dataset one = new Dataset(new float[1], 1, new float[] {1}, 1, 1, List.of());
    Metric m = Metrics.create("mse", MULTI, 3);
    m.reset();
    m.update(new StubNetwork(3).outputs(0.2, 0.5, 0.3), one, new int[] {0}, 0, 1);
    assertThat(m.value()).isCloseTo((0.04 + 0.25 + 0.09) / 3, within(1e-12));
  }

  @Test
  void confusionMatrixReport() {
    ConfusionMatrix cm = new ConfusionMatrix(MULTI, 3);
    StubNetwork net = new StubNetwork(3);
    cm.update(net.outputs(FIRST_HALF), SIX, ORDER, 0, 3);
    cm.update(net.outputs(SECOND_HALF), SIX, ORDER, 3, 3);
    assertThat(cm.count(0, 0)).isEqualTo(1);
    assertThat(cm.count(0, 1)).isEqualTo(1);
    assertThat(cm.count(1, 1)).isEqualTo(2);
    assertThat(cm.count(2, 0)).isEqualTo(1);
    assertThat(cm.count(2, 2)).isEqualTo(1);
    assertThat(cm.total()).isEqualTo(6);
    String text = cm.render(List.of("setosa", "versicolor", "virginica"));
    assertThat(text)
        .isEqualTo(
            String.join(
                "\n",
                "true \\ predicted     setosa versicolor  virginica",
                "setosa                    1          1          0",
                "versicolor                0          2          0",
                "virginica                 1          0          1",
                "",
                "class            precision    recall        f1   support",
                "setosa              0.5000    0.5000    0.5000         2",
                "versicolor          0.6667    1.0000    0.8000         2",
                "virginica           1.0000    0.5000    0.6667         2",
                ""));
  }

  @Test
  void macroAveragesSkipClassesNeverSeen() {
    ConfusionMatrix cm = new ConfusionMatrix(MULTI, 4);
    cm.add(0, 0);
    cm.add(1, 1);
    cm.add(1, 0);
    // Class 2 and 3 never occur: precision over classes 0 and 1 only: (1/2 + 1/1) / 2.
    assertThat(cm.precision()).isCloseTo(0.75, within(1e-12));
  }

  @Test
  void unknownOrMisfittingMetricsAreRefused() {
    assertThatThrownBy(() -> Metrics.create("auc", MULTI, 3))
        .hasMessage("unknown metric 'auc'; known: accuracy, top_K_accuracy, precision, recall, f1, mse, mae, r2");
    assertThatThrownBy(() -> Metrics.create("accuracy", TaskType.REGRESSION, 1))
        .hasMessage("accuracy is a classification metric; this model is a regression");
    assertThatThrownBy(() -> Metrics.create("r2", MULTI, 3)).hasMessage("r2 is a regression metric; this model classifies");
  }

  @Test
  void directionOfImprovement() {
    assertThat(Metrics.lowerIsBetter("val_loss")).isTrue();
    assertThat(Metrics.lowerIsBetter("mae")).isTrue();
    assertThat(Metrics.lowerIsBetter("val_accuracy")).isFalse();
    assertThat(Metrics.lowerIsBetter("r2")).isFalse();
  }
}
