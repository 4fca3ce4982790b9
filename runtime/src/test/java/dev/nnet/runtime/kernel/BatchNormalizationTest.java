package dev.nnet.runtime.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class BatchNormalizationTest {
  // 4 vectors of 2 channels
  private static final double[] X = {1, 10, 2, 20, 3, 30, 6, 60};
  private static final double[] GAMMA = {2, 0.5};
  private static final double[] BETA = {1, -1};

  @Test
  void trainingNormalizesWithBiasedBatchStatisticsAndUpdatesMovingAverages() {
    double[] y = new double[8];
    double[] mean = new double[2];
    double[] invStd = new double[2];
    double[] movingMean = {0, 0};
    double[] movingVariance = {1, 1};
    BatchNormalization.forwardTraining(X, 4, 2, GAMMA, BETA, 0.9, 1e-3, movingMean, movingVariance, mean, invStd,
        new double[4], y);
    double mu = 3;
    double variance = (4 + 1 + 0 + 9) / 4.0; // biased
    assertThat(mean[0]).isEqualTo(mu);
    assertThat(invStd[0]).isCloseTo(1 / Math.sqrt(variance + 1e-3), within(1e-15));
    for (int i = 0; i < 4; i++) {
      assertThat(y[2 * i]).isCloseTo(2 * (X[2 * i] - mu) / Math.sqrt(variance + 1e-3) + 1, within(1e-14));
      assertThat(y[2 * i + 1]).isCloseTo(0.5 * (X[2 * i + 1] - 30) / Math.sqrt(100 * variance + 1e-3) - 1,
          within(1e-14));
    }
    assertThat(movingMean[0]).isCloseTo(0.1 * mu, within(1e-15));
    assertThat(movingVariance[0]).isCloseTo(0.9 + 0.1 * variance, within(1e-15));
    assertThat(movingMean[1]).isCloseTo(3, within(1e-14));

    float[] yf = new float[8];
    float[] xf = new float[8];
    for (int i = 0; i < 8; i++) {
      xf[i] = (float) X[i];
    }
    BatchNormalization.forwardTraining(xf, 4, 2, new float[] {2, 0.5f}, new float[] {1, -1}, 0.9, 1e-3,
        new float[2], new float[] {1, 1}, new float[2], new float[2], new double[4], yf);
    for (int i = 0; i < 8; i++) {
      assertThat((double) yf[i]).isCloseTo(y[i], within(1e-5));
    }
  }

  @Test
  void inferenceUsesTheMovingStatistics() {
    double[] y = new double[8];
    BatchNormalization.forwardInference(X, 4, 2, GAMMA, BETA, new double[] {2, 20}, new double[] {4, 100}, 0,
        new double[4], y);
    assertThat(y[0]).isCloseTo(2 * (1 - 2) / 2.0 + 1, within(1e-15));
    assertThat(y[7]).isCloseTo(0.5 * (60 - 20) / 10.0 - 1, within(1e-15));
    float[] yf = new float[2];
    BatchNormalization.forwardInference(new float[] {1, 10}, 1, 2, new float[] {2, 0.5f}, new float[] {1, -1},
        new float[] {2, 20}, new float[] {4, 100}, 0, new double[4], yf);
    assertThat(yf).containsExactly(0f, -1.5f);
  }

  @Test
  void gradientsMatchCentralDifferences() {
    double[] dy = {0.3, -1, 0.7, 0.2, -0.4, 0.5, 0.1, 0.9};
    double[] y = new double[8];
    double[] mean = new double[2];
    double[] invStd = new double[2];
    BatchNormalization.forwardTraining(X, 4, 2, GAMMA, BETA, 0.9, 1e-3, new double[2], new double[2], mean, invStd,
        new double[4], y);
    double[] dGamma = new double[2];
    double[] dBeta = new double[2];
    double[] dx = new double[8];
    BatchNormalization.parameterGradients(X, dy, 4, 2, mean, invStd, new double[4], dGamma, dBeta);
    BatchNormalization.inputGradient(X, dy, 0, 4, 4, 2, GAMMA, mean, invStd, dGamma, dBeta, dx);
    double h = 1e-6;
    for (int i = 0; i < 8; i++) {
      double[] plus = X.clone();
      double[] minus = X.clone();
      plus[i] += h;
      minus[i] -= h;
      double numeric = (dot(dy, trainOut(plus, GAMMA)) - dot(dy, trainOut(minus, GAMMA))) / (2 * h);
      assertThat(dx[i]).as("dx[%s]", i).isCloseTo(numeric, within(1e-7));
    }
    for (int c = 0; c < 2; c++) {
      double[] plus = GAMMA.clone();
      double[] minus = GAMMA.clone();
      plus[c] += h;
      minus[c] -= h;
      double numeric = (dot(dy, trainOut(X, plus)) - dot(dy, trainOut(X, minus))) / (2 * h);
      assertThat(dGamma[c]).isCloseTo(numeric, within(1e-7));
      assertThat(dBeta[c]).isCloseTo(c == 0 ? 0.3 + 0.7 - 0.4 + 0.1 : -1 + 0.2 + 0.5 + 0.9, within(1e-15));
    }
    // float32 agrees, and dx may overwrite dy
    float[] xf = new float[8];
    float[] dyf = new float[8];
    for (int i = 0; i < 8; i++) {
      xf[i] = (float) X[i];
      dyf[i] = (float) dy[i];
    }
    float[] gf = {2, 0.5f};
    float[] meanF = new float[2];
    float[] invF = new float[2];
    BatchNormalization.forwardTraining(xf, 4, 2, gf, new float[2], 0.9, 1e-3, new float[2], new float[2], meanF, invF,
        new double[4], new float[8]);
    float[] dGammaF = new float[2];
    float[] dBetaF = new float[2];
    BatchNormalization.parameterGradients(xf, dyf, 4, 2, meanF, invF, new double[4], dGammaF, dBetaF);
    BatchNormalization.inputGradient(xf, dyf, 0, 4, 4, 2, gf, meanF, invF, dGammaF, dBetaF, dyf);
    for (int i = 0; i < 8; i++) {
      assertThat((double) dyf[i]).isCloseTo(dx[i], within(1e-5));
    }
  }

  private static double[] trainOut(double[] x, double[] gamma) {
    double[] y = new double[8];
    BatchNormalization.forwardTraining(x, 4, 2, gamma, BETA, 0.9, 1e-3, new double[2], new double[2], new double[2],
        new double[2], new double[4], y);
    return y;
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  @Test
  void statisticsInOnePassKeepTheirPrecisionWhenTheMeanDwarfsTheSpread() {
    // 3 channels over 1,000 vectors: means of 1e4, 1e6 and −3 with spreads of 1e-2, 1 and 2; the single pass must
    // agree with the two-pass formulas (mean, then mean squared deviation) to float32 precision and better
    int count = 1000;
    int channels = 3;
    double[] centre = {1e4, 1e6, -3};
    double[] spread = {1e-2, 1, 2};
    dev.nnet.runtime.Rng rng = new dev.nnet.runtime.Rng(5);
    float[] x = new float[count * channels];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) (centre[i % channels] + spread[i % channels] * (2 * rng.nextDouble() - 1));
    }
    float[] mean = new float[channels];
    float[] invStd = new float[channels];
    float[] y = new float[x.length];
    BatchNormalization.forwardTraining(x, count, channels, new float[] {1, 1, 1}, new float[3], 0, 0, new float[3],
        new float[3], mean, invStd, new double[2 * channels], y);
    for (int c = 0; c < channels; c++) {
      double mu = 0;
      for (int i = 0; i < count; i++) {
        mu += x[i * channels + c];
      }
      mu /= count;
      double variance = 0;
      for (int i = 0; i < count; i++) {
        variance += (x[i * channels + c] - mu) * (x[i * channels + c] - mu);
      }
      variance /= count;
      assertThat((double) mean[c]).isCloseTo(mu, within((double) Math.ulp((float) mu)));
      assertThat(invStd[c] * Math.sqrt(variance)).as("channel %s", c).isCloseTo(1, within(1e-6));
    }
  }

  @Test
  void oneVectorPerChannelNormalizesToBeta() {
    double[] y = new double[2];
    BatchNormalization.forwardTraining(new double[] {5, 7}, 1, 2, GAMMA, BETA, 0.99, 1e-3, new double[2],
        new double[2], new double[2], new double[2], new double[4], y);
    assertThat(y).containsExactly(1, -1); // zero variance: x̂ = 0
    BatchNormalization.forwardTraining(new double[0], 0, 2, GAMMA, BETA, 0.99, 1e-3, new double[2], new double[2],
        new double[2], new double[2], new double[4], new double[0]);
  }

  /**
   * The pieces a batch is cut into for threads: sums per part added in part order, the statistics once, then
   * normalize and dx per part. One part gives the whole-batch methods' bits; three parts agree with them to float
   * rounding, and every part writes only its own vectors.
   */
  @Test
  void partsOfTheBatchGiveTheWholeBatchsResults() {
    int count = 37;
    int channels = 3;
    dev.nnet.runtime.Rng rng = new dev.nnet.runtime.Rng(9);
    float[] x = new float[count * channels];
    float[] dy = new float[count * channels];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) (4 + 2 * rng.nextGaussian());
      dy[i] = (float) rng.nextGaussian();
    }
    float[] gamma = {1.5f, 0.5f, 2f};
    float[] beta = {0.1f, -1f, 3f};

    // the whole batch
    float[] mean = new float[channels];
    float[] invStd = new float[channels];
    float[] movingMean = new float[channels];
    float[] movingVariance = {1, 1, 1};
    float[] y = new float[x.length];
    BatchNormalization.forwardTraining(x, count, channels, gamma, beta, 0.9, 1e-3, movingMean, movingVariance, mean,
        invStd, new double[2 * channels], y);
    float[] dGamma = new float[channels];
    float[] dBeta = new float[channels];
    float[] dx = new float[x.length];
    BatchNormalization.parameterGradients(x, dy, count, channels, mean, invStd, new double[2 * channels], dGamma,
        dBeta);
    BatchNormalization.inputGradient(x, dy, 0, count, count, channels, gamma, mean, invStd, dGamma, dBeta, dx);

    for (int[] cuts : new int[][] {{0, count}, {0, 5, 20, count}}) {
      int parts = cuts.length - 1;
      double[][] sums = new double[parts][2 * channels];
      double[] work = new double[2 * channels];
      float[] partMean = new float[channels];
      float[] partInvStd = new float[channels];
      float[] partMovingMean = new float[channels];
      float[] partMovingVariance = {1, 1, 1};
      float[] partY = new float[x.length];
      for (int p = 0; p < parts; p++) {
        BatchNormalization.sums(x, cuts[p], cuts[p + 1] - cuts[p], channels, sums[p]);
      }
      BatchNormalization.addSums(sums, parts, channels, work);
      BatchNormalization.statistics(x, count, channels, gamma, 0.9, 1e-3, partMovingMean, partMovingVariance,
          partMean, partInvStd, work);
      for (int p = 0; p < parts; p++) {
        java.util.Arrays.fill(partY, cuts[p + 1] * channels, partY.length, Float.NaN);
        BatchNormalization.normalize(x, cuts[p], cuts[p + 1] - cuts[p], channels, work, beta, partY);
        for (int i = cuts[p + 1] * channels; i < partY.length; i++) {
          assertThat(partY[i]).as("part %d wrote past its vectors", p).isNaN();
        }
      }
      float[] partDGamma = new float[channels];
      float[] partDBeta = new float[channels];
      float[] partDx = new float[x.length];
      for (int p = 0; p < parts; p++) {
        BatchNormalization.gradientSums(x, dy, cuts[p], cuts[p + 1] - cuts[p], channels, partMean, sums[p]);
      }
      BatchNormalization.addSums(sums, parts, channels, work);
      BatchNormalization.gradients(work, channels, partInvStd, partDGamma, partDBeta);
      for (int p = 0; p < parts; p++) {
        BatchNormalization.inputGradient(x, dy, cuts[p], cuts[p + 1] - cuts[p], count, channels, gamma, partMean,
            partInvStd, partDGamma, partDBeta, partDx);
      }
      float[][] whole = {y, mean, invStd, movingMean, movingVariance, dGamma, dBeta, dx};
      float[][] pieces = {partY, partMean, partInvStd, partMovingMean, partMovingVariance, partDGamma, partDBeta,
          partDx};
      for (int a = 0; a < whole.length; a++) {
        if (parts == 1) {
          assertThat(pieces[a]).as("array %d, one part", a).containsExactly(whole[a]);
        } else {
          for (int i = 0; i < whole[a].length; i++) {
            assertThat(pieces[a][i]).as("array %d value %d, %d parts", a, i, parts)
                .isCloseTo(whole[a][i], within(1e-5f * (1 + Math.abs(whole[a][i]))));
          }
        }
      }
    }
  }
}
