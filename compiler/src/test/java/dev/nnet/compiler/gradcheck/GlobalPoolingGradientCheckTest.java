package dev.nnet.compiler.gradcheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.nnet.compiler.model.LayerSpec.PoolKind;
import dev.nnet.runtime.kernel.GlobalPooling;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Gradient checks of the global pooling kernels with and without a mask (an embedding's mask_zero), at the kernel:
 * the generated network passes them its mask field, which only token inputs have.
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
}
