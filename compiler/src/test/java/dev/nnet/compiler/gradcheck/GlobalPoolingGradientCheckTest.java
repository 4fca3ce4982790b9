package dev.nnet.compiler.gradcheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.nnet.compiler.CheckResult;
import dev.nnet.compiler.Frontend;
import dev.nnet.compiler.layers.globalpool.GlobalPoolSpec;
import dev.nnet.compiler.model.PoolKind;
import dev.nnet.runtime.Dataset;
import dev.nnet.runtime.Network;
import dev.nnet.runtime.kernel.GlobalPooling;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Gradient checks of global pooling with and without a mask (an embedding's mask_zero): the kernels alone, and
 * through a generated network whose embedding fills the mask. See {@link GradientCheck}.
 */
class GlobalPoolingGradientCheckTest {
  @Test
  void globalPoolingKernelsWithAndWithoutAMask() {
    // At the kernel: loss = Σ g·y for fixed random g, so dL/dx is the backward pass with dy = g. Sample 0 has padded
    // steps scattered, sample 1 none, sample 2 only padding (pooled to 0, no gradient).
    int rows = 3;
    int steps = 5;
    int channels = 2;
    double[] mask = {1, 0, 1, 1, 0, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0};
    Random random = new Random(3);
    double[] x = new double[rows * steps * channels];
    for (int i = 0; i < x.length; i++) {
      x[i] = 2 * random.nextDouble() - 1;
    }
    double[] g = new double[rows * channels];
    for (int i = 0; i < g.length; i++) {
      g[i] = 2 * random.nextDouble() - 1;
    }
    for (double[] m : new double[][] {null, mask}) {
      for (PoolKind kind : PoolKind.values()) {
        double[] dx = new double[x.length];
        if (kind == PoolKind.MAX) {
          int[] winners = new int[rows * channels];
          GlobalPooling.max(x, m, rows, steps, channels, new double[rows * channels], winners);
          GlobalPooling.maxBackward(g, winners, rows, steps, channels, dx);
        } else {
          GlobalPooling.averageBackward(g, m, rows, steps, channels, dx);
        }
        List<GradientCheck.Entry> entries = new ArrayList<>();
        for (int i = 0; i < x.length; i++) {
          double v = x[i];
          x[i] = v + GradientCheck.STEP;
          double plus = weighted(kind, x, m, g, rows, steps, channels);
          x[i] = v - GradientCheck.STEP;
          double minus = weighted(kind, x, m, g, rows, steps, channels);
          x[i] = v;
          entries.add(new GradientCheck.Entry(kind + (m == null ? "" : "Masked") + "[" + i + "]", dx[i],
              (plus - minus) / (2 * GradientCheck.STEP)));
          if (m != null && m[i / channels] == 0) {
            assertThat(dx[i]).as("padding gets no gradient").isZero();
          }
        }
        GradientCheck.assertWithin(entries);
      }
    }
    // The mask leaves the padding out: sample 0's average is over steps 0, 2, 3; the all-padding sample pools to 0.
    double[] y = new double[rows * channels];
    GlobalPooling.average(x, mask, rows, steps, channels, y);
    assertThat(y[0]).isCloseTo((x[0] + x[4] + x[6]) / 3, within(1e-15));
    assertThat(y[4]).isZero();
    x[2] = 100; // a padded step of sample 0, larger than every real one
    GlobalPooling.max(x, mask, rows, steps, channels, y, null);
    assertThat(y[0]).isLessThan(1);
    assertThat(y[4]).isZero();
  }

  private static double weighted(
      PoolKind kind, double[] x, double[] mask, double[] g, int rows, int steps, int channels) {
    double[] y = new double[rows * channels];
    if (kind == PoolKind.MAX) {
      GlobalPooling.max(x, mask, rows, steps, channels, y, null);
    } else {
      GlobalPooling.average(x, mask, rows, steps, channels, y);
    }
    double sum = 0;
    for (int i = 0; i < y.length; i++) {
      sum += g[i] * y[i];
    }
    return sum;
  }

  @Test
  void globalMaxPoolTiesGoToTheFirstPosition() {
    // As 2-D max pooling: of equal values, the first wins and takes the whole gradient.
    double[] x = {1, 3, 2, 3, 0, 1};
    int[] winners = new int[2];
    double[] y = new double[2];
    GlobalPooling.max(x, null, 1, 3, 2, y, winners);
    assertThat(winners).containsExactly(1, 0);
    double[] dx = new double[6];
    GlobalPooling.maxBackward(new double[] {1, 5}, winners, 1, 3, 2, dx);
    assertThat(dx).containsExactly(0, 5, 1, 0, 0, 0);
    float[] fx = {1, 3, 2, 3, 0, 1};
    float[] fy = new float[2];
    GlobalPooling.max(fx, new float[] {1, 1, 0}, 1, 3, 2, fy, winners);
    assertThat(fy).containsExactly(2, 3);
    float[] fdx = new float[6];
    GlobalPooling.maxBackward(new float[] {1, 5}, winners, 1, 3, 2, fdx);
    assertThat(fdx).containsExactly(0, 5, 1, 0, 0, 0);
    // inference takes the same max without recording
    GlobalPooling.max(fx, null, 1, 3, 2, fy, null);
    assertThat(fy).containsExactly(2, 3);
  }

  /** 4 samples of 5 token ids below 7, 0 being padding: sample 3 is mostly padding. */
  private static final float[] IDS = {
    2, 2, 0, 2, 1,
    3, 5, 4, 0, 0,
    1, 1, 3, 4, 2,
    0, 0, 0, 0, 4,
  };

  private static List<GradientCheck.Entry> throughAnEmbedding(String pooling, boolean maskZero) throws Exception {
    CheckResult r = Frontend.check("masked.nnet", "model Masked\ninput tokens(length = 5)\n"
        + "embedding 7 3 mask_zero = " + maskZero + "\nactivation tanh\n" + pooling + "\ndense 3 softmax\n"
        + "loss sparse_categorical_crossentropy\n");
    assertThat(r.diagnostics()).as(r.render()).isEmpty();
    var pool = (GlobalPoolSpec) r.model().orElseThrow().layers().get(2);
    assertThat(pool.masked()).isEqualTo(maskZero);
    Network net = GradientCheck.compile(r.model().get(), 6);
    Dataset data = new Dataset(IDS.clone(), 5, new float[] {0, 2, 1, 2}, 1, 4, List.of());
    List<GradientCheck.Entry> entries = GradientCheck.run(net, data, 11, false);
    GradientCheck.assertWithin(entries);
    return entries;
  }

  @Test
  void maskedGlobalPoolingInAGeneratedNetworkLeavesThePaddingOut() throws Exception {
    for (String pooling : List.of("global_maxpool1d", "global_avgpool1d")) {
      // Masked, the padding's row of the table (id 0, values 0..2) reaches no output: its gradient is exactly 0.
      List<GradientCheck.Entry> masked = throughAnEmbedding(pooling, true);
      for (int i = 0; i < 3; i++) {
        assertThat(masked.get(i).what()).isEqualTo("embedding1.embeddings[" + i + "]");
        assertThat(masked.get(i).analytic()).as(pooling).isZero();
        assertThat(masked.get(i).numeric()).as(pooling).isZero();
      }
      // Unmasked, the same row counts.
      List<GradientCheck.Entry> unmasked = throughAnEmbedding(pooling, false);
      assertThat(unmasked.subList(0, 3)).as(pooling).anyMatch(e -> Math.abs(e.analytic()) > 1e-6);
    }
  }
}
