package dev.nnet.runtime.kernel;

import static dev.nnet.runtime.kernel.VectorPassesTest.values;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link VectorPooling} and {@link VectorConvolutionGradients} (the relu output gradient, col2im) make the same bits as the plain loops they stand in
 * for. A batch past {@link Vectorized#MIN_VALUES} takes the vector path (with the plain loop for channels past the
 * last whole vector); the same batch one sample, or a few pixels, at a time stays under it and takes the plain loops,
 * so comparing the two compares the paths. Values include ties within a window, ±0, subnormals, ±∞ and NaN. Bits
 * are compared with every NaN as one ({@link Float#floatToIntBits}): a NaN's sign differs between C2's scalar and
 * vector min, and no NaN survives a training step unreported.
 */
class VectorPoolingTest {
  private static final float[] SPECIAL = {
    0f, -0f, Float.MIN_VALUE, -Float.MIN_VALUE, Float.MIN_NORMAL, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY,
    Float.NaN, Float.MAX_VALUE, -Float.MAX_VALUE, 1f, -1f
  };

  @ParameterizedTest
  @ValueSource(ints = {8, 16, 32, 40, 64})
  void twoByTwoMaxPoolingAndItsGradientMatchThePlainLoops(int channels) {
    Window2d w = new Window2d(9, 8, channels, 2, 2, 2, 2, 0, 0, 4, 4); // an odd height: row 8 is under no window
    int samples = Vectorized.MIN_VALUES / (w.outPixels() * channels) + 2;
    assertThat((long) samples * w.outPixels() * channels).isGreaterThanOrEqualTo(Vectorized.MIN_VALUES);
    assertThat((long) w.outPixels() * channels).isLessThan(Vectorized.MIN_VALUES);
    float[] x = values(samples * w.inSize(), 1);
    for (int i = 0; i + 4 * channels < x.length; i += 97) {
      x[i] = SPECIAL[(i / 97) % SPECIAL.length];
      x[i + channels] = x[i]; // a tie with the next pixel of the window, or of the next window
    }
    float[] dy = values(samples * w.outPixels() * channels, 2);

    float[] y = new float[dy.length];
    float[] dx = values(x.length, 3);
    MaxPooling2x2.maxPool2x2(x, 0, samples, w, y);
    MaxPooling2x2.maxPool2x2Backward(x, y, dy, 0, samples, w, dx);
    float[] plainY = new float[dy.length];
    float[] plainDx = values(x.length, 3);
    for (int n = 0; n < samples; n++) {
      MaxPooling2x2.maxPool2x2(x, n, 1, w, plainY);
      MaxPooling2x2.maxPool2x2Backward(x, plainY, dy, n, 1, w, plainDx);
    }
    assertThat(bits(y)).as("max pooling, %d channels", channels).containsExactly(bits(plainY));
    assertThat(bits(dx)).as("its gradient, %d channels", channels).containsExactly(bits(plainDx));
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 8, 16, 32, 40, 64})
  void reluOutputGradientAndBiasSumMatchThePlainLoops(int filters) {
    int pixels = 8192 / filters + 3;
    int offset = 5 * filters;
    float[] y = values(offset + pixels * filters, 4);
    for (int i = 0; i < y.length; i += 7) {
      y[i] = i % 14 == 0 ? Math.max(0f, y[i]) : SPECIAL[(i / 7) % SPECIAL.length];
    }
    float[] dy = values(y.length, 5);
    for (boolean withBias : new boolean[] {true, false}) {
      float[] dz = new float[pixels * filters];
      float[] db = withBias ? values(filters, 6) : null;
      Convolution.outputGradientRelu(dy, y, offset, pixels, filters, dz, db);
      float[] plainDz = new float[dz.length];
      float[] plainDb = withBias ? values(filters, 6) : null;
      float[] part = new float[16 * filters];
      for (int p = 0; p < pixels; p += 16) { // 16 pixels at a time: the plain loops
        int n = Math.min(16, pixels - p);
        Convolution.outputGradientRelu(dy, y, offset + p * filters, n, filters, part, plainDb);
        System.arraycopy(part, 0, plainDz, p * filters, n * filters);
      }
      assertThat(bits(dz)).as("dz, %d filters", filters).containsExactly(bits(plainDz));
      if (withBias) {
        assertThat(bits(db)).as("db, %d filters", filters).containsExactly(bits(plainDb));
      }
    }
  }

  @ParameterizedTest
  @CsvSource({"1, 1, true", "8, 1, true", "17, 1, true", "24, 1, true", "16, 2, false", "28, 2, true"})
  void col2imMatchesThePlainLoop(int channels, int stride, boolean same) {
    int out = same ? (4 + stride - 1) / stride : (4 - 3) / stride + 1;
    int pad = same ? Math.max(0, (out - 1) * stride + 3 - 4) / 2 : 0;
    Window2d w = new Window2d(4, 4, channels, 3, 3, stride, stride, pad, pad, out, out);
    int perSample = w.outPixels() * w.patchSize();
    assertThat((long) perSample).isLessThan(Vectorized.MIN_VALUES);
    int samples = Vectorized.MIN_VALUES / perSample + 2;
    float[] columns = values(samples * perSample, 7);
    for (int i = 0; i < columns.length; i += 13) {
      columns[i] = SPECIAL[(i / 13) % SPECIAL.length];
    }
    float[] dx = values(samples * w.inSize(), 8);
    Convolution.col2im(columns, 0, samples, w, dx);
    float[] plainDx = values(dx.length, 8);
    float[] sample = new float[perSample];
    for (int n = 0; n < samples; n++) {
      System.arraycopy(columns, n * perSample, sample, 0, perSample);
      Convolution.col2im(sample, n, 1, w, plainDx);
    }
    assertThat(bits(dx)).as("col2im, %d channels", channels).containsExactly(bits(plainDx));
  }

  private static int[] bits(float[] v) {
    int[] b = new int[v.length];
    for (int i = 0; i < v.length; i++) {
      b[i] = Float.floatToIntBits(v[i]);
    }
    return b;
  }
}
