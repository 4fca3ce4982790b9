package dev.nnet.runtime.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The kernels whose results reach the subnormal range (the tails of the exponential, batch normalization's moving
 * statistics of a dead channel) store zero there instead ({@link Subnormals}), and only there.
 */
class SubnormalTailsTest {
  /** Inputs from ordinary values down to far in the tails, where the float32 and float64 results underflow. */
  private static final double[] X = {-800, -745, -700, -120, -104, -100, -95, -88, -87, -20, -14, -1, 0, 1};

  private static void assertNoSubnormal(float[] values) {
    for (float v : values) {
      assertThat(v != 0 && Math.abs(v) < Float.MIN_NORMAL).as("%s is subnormal", v).isFalse();
    }
  }

  private static void assertNoSubnormal(double[] values) {
    for (double v : values) {
      assertThat(v != 0 && Math.abs(v) < Double.MIN_NORMAL).as("%s is subnormal", v).isFalse();
    }
  }

  private static float[] floats() {
    float[] x = new float[X.length];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) X[i];
    }
    return x;
  }

  @Test
  void flushKeepsNormalValuesAndZeroesSubnormalOnes() {
    assertThat(Subnormals.flush(Float.MIN_NORMAL)).isEqualTo(Float.MIN_NORMAL);
    assertThat(Subnormals.flush(-Float.MIN_NORMAL)).isEqualTo(-Float.MIN_NORMAL);
    assertThat(Subnormals.flush(Float.MIN_NORMAL / 2)).isZero();
    assertThat(Subnormals.flush(Float.NaN)).isNaN();
    assertThat(Subnormals.flush(Double.MIN_NORMAL / 2)).isZero();
    assertThat(Subnormals.toFloat(1e-39)).isZero();
    assertThat(Subnormals.toFloat(1.5e-38)).isEqualTo(1.5e-38f);
    assertThat(Subnormals.toFloat(Double.NEGATIVE_INFINITY)).isEqualTo(Float.NEGATIVE_INFINITY);
  }

  @Test
  void activationTailsAreNeverSubnormal() {
    int n = X.length;
    float[] y = new float[n];
    float[] dx = new float[n];
    float[] dy = new float[n];
    java.util.Arrays.fill(dy, 1e-3f);
    Activations.sigmoid(floats(), y, 0, n);
    assertNoSubnormal(y);
    assertThat(y[floatIndexOf(-95)]).as("sigmoid(-95) = 5.5e-42 underflows").isZero();
    assertThat(y[floatIndexOf(-87)]).as("sigmoid(-87) = 1.6e-38 is normal").isEqualTo((float) Math.exp(-87));
    Activations.softplus(floats(), y, 0, n);
    assertNoSubnormal(y);
    Activations.softplusBackward(y, dy, dx, 0, n);
    assertNoSubnormal(dx);
    Activations.swish(floats(), y, 0, n);
    assertNoSubnormal(y);
    Activations.swishBackward(floats(), dy, dx, 0, n);
    assertNoSubnormal(dx);
    Activations.gelu(floats(), y, 0, n);
    assertNoSubnormal(y);
    Activations.geluBackward(floats(), dy, dx, 0, n);
    assertNoSubnormal(dx);
    Activations.elu(floats(), y, 0, n, 1.0);
    Activations.eluBackward(y, dy, dx, 0, n, 1.0);
    assertNoSubnormal(dx);
    Activations.softmax(floats(), y, 0, 1, n);
    assertNoSubnormal(y);
    assertThat(y[n - 1]).isGreaterThan(0.5f);

    double[] xd = X.clone();
    double[] yd = new double[n];
    double[] dxd = new double[n];
    double[] dyd = new double[n];
    java.util.Arrays.fill(dyd, 1e-3);
    Activations.sigmoid(xd, yd, 0, n);
    assertNoSubnormal(yd);
    Activations.softplus(xd, yd, 0, n);
    assertNoSubnormal(yd);
    Activations.softplusBackward(yd, dyd, dxd, 0, n);
    assertNoSubnormal(dxd);
    Activations.swish(xd, yd, 0, n);
    assertNoSubnormal(yd);
    Activations.gelu(xd, yd, 0, n);
    assertNoSubnormal(yd);
    Activations.softmax(xd, yd, 0, 1, n);
    assertNoSubnormal(yd);
  }

  private static int floatIndexOf(double x) {
    for (int i = 0; i < X.length; i++) {
      if (X[i] == x) {
        return i;
      }
    }
    throw new IllegalArgumentException(String.valueOf(x));
  }

  @Test
  void movingStatisticsOfADeadChannelStopAtZero() {
    int count = 4;
    int channels = 2;
    float[] x = {0, 1, 0, 2, 0, 3, 0, 4}; // channel 0 is always zero
    float[] movingMean = {2e-38f, 1};
    float[] movingVariance = {2e-38f, 1};
    float[] mean = new float[channels];
    float[] invStd = new float[channels];
    double[] work = new double[2 * channels];
    float[] y = new float[x.length];
    for (int step = 0; step < 40; step++) {
      BatchNormalization.forwardTraining(x, count, channels, new float[] {1, 1}, new float[] {0, 0}, 0.9, 1e-3,
          movingMean, movingVariance, mean, invStd, work, y);
      assertNoSubnormal(movingMean);
      assertNoSubnormal(movingVariance);
    }
    assertThat(movingMean[0]).isZero();
    assertThat(movingMean[1]).isGreaterThan(1f);
  }
}
