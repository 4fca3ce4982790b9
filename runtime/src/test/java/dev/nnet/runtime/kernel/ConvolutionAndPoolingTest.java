package dev.nnet.runtime.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.nnet.runtime.Rng;
import dev.nnet.runtime.blas.MatMul;
import org.ejml.data.DMatrixRMaj;
import org.ejml.data.FMatrixRMaj;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** im2col, col2im and pooling against direct loops, over odd, even, strided, padded and degenerate geometries. */
class ConvolutionAndPoolingTest {
  /** Keras' geometry: same pads (out−1)·s + k − in split evenly, valid pads nothing. */
  static Window2d window(int h, int w, int c, int k, int s, boolean same) {
    int oh = same ? (h + s - 1) / s : (h - k) / s + 1;
    int ow = same ? (w + s - 1) / s : (w - k) / s + 1;
    int pt = same ? Math.max((oh - 1) * s + k - h, 0) / 2 : 0;
    int pl = same ? Math.max((ow - 1) * s + k - w, 0) / 2 : 0;
    return new Window2d(h, w, c, k, k, s, s, pt, pl, oh, ow);
  }

  static double[] random(int n, long seed) {
    Rng rng = new Rng(seed);
    double[] a = new double[n];
    for (int i = 0; i < n; i++) {
      a[i] = 2 * rng.nextDouble() - 1;
    }
    return a;
  }

  /** x[n][iy][ix][c], or 0 outside the input (padding). */
  static double at(double[] x, Window2d w, int n, int iy, int ix, int c) {
    if (iy < 0 || iy >= w.inHeight() || ix < 0 || ix >= w.inWidth()) {
      return 0;
    }
    return x[((n * w.inHeight() + iy) * w.inWidth() + ix) * w.channels() + c];
  }

  @ParameterizedTest
  @CsvSource({
    "5, 5, 2, 3, 1, false", "6, 6, 2, 3, 2, true", "5, 5, 1, 2, 2, true", "7, 4, 3, 3, 2, false",
    "4, 4, 2, 4, 1, false", "3, 3, 1, 1, 1, true", "1, 1, 1, 1, 1, false", "2, 5, 2, 5, 3, true"
  })
  void convolutionByIm2colEqualsTheDirectSum(int h, int wd, int c, int k, int s, boolean same) {
    Window2d w = window(h, wd, c, k, s, same);
    int rows = 3;
    int filters = 2;
    double[] x = random(rows * w.inSize(), 1);
    double[] kernel = random(w.patchSize() * filters, 2);
    DMatrixRMaj columns = new DMatrixRMaj(rows * w.outPixels(), w.patchSize());
    Convolution.im2col(x, rows, w, columns.data);
    DMatrixRMaj out = new DMatrixRMaj(rows * w.outPixels(), filters);
    MatMul.mult(columns, DMatrixRMaj.wrap(w.patchSize(), filters, kernel), out);
    for (int n = 0; n < rows; n++) {
      for (int oy = 0; oy < w.outHeight(); oy++) {
        for (int ox = 0; ox < w.outWidth(); ox++) {
          for (int f = 0; f < filters; f++) {
            double sum = 0;
            for (int ky = 0; ky < k; ky++) {
              for (int kx = 0; kx < k; kx++) {
                for (int ci = 0; ci < c; ci++) {
                  sum += at(x, w, n, oy * s - w.padTop() + ky, ox * s - w.padLeft() + kx, ci)
                      * kernel[((ky * k + kx) * c + ci) * filters + f];
                }
              }
            }
            int row = (n * w.outHeight() + oy) * w.outWidth() + ox;
            assertThat(out.get(row, f)).isCloseTo(sum, within(1e-12));
          }
        }
      }
    }
    // float32 patches are the same values
    float[] xf = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      xf[i] = (float) x[i];
    }
    FMatrixRMaj columnsF = new FMatrixRMaj(rows * w.outPixels(), w.patchSize());
    Convolution.im2col(xf, rows, w, columnsF.data);
    for (int i = 0; i < columns.data.length; i++) {
      assertThat((double) columnsF.data[i]).isEqualTo((double) (float) columns.data[i]);
    }
  }

  @ParameterizedTest
  @CsvSource({"5, 5, 2, 3, 1, false", "6, 6, 2, 3, 2, true", "5, 5, 1, 2, 2, true", "4, 6, 3, 3, 3, true"})
  void col2imIsTheAdjointOfIm2col(int h, int wd, int c, int k, int s, boolean same) {
    // <im2col(x), g> = <x, col2im(g)> for all x and g: the defining property of the backward pass
    Window2d w = window(h, wd, c, k, s, same);
    int rows = 2;
    double[] x = random(rows * w.inSize(), 3);
    double[] g = random(rows * w.outPixels() * w.patchSize(), 4);
    double[] columns = new double[g.length];
    Convolution.im2col(x, rows, w, columns);
    double[] back = new double[x.length];
    java.util.Arrays.fill(back, 99); // col2im overwrites
    Convolution.col2im(g, rows, w, back);
    double left = 0;
    for (int i = 0; i < g.length; i++) {
      left += columns[i] * g[i];
    }
    double right = 0;
    for (int i = 0; i < x.length; i++) {
      right += x[i] * back[i];
    }
    assertThat(left).isCloseTo(right, within(1e-12));
    float[] gf = new float[g.length];
    for (int i = 0; i < g.length; i++) {
      gf[i] = (float) g[i];
    }
    float[] backF = new float[x.length];
    Convolution.col2im(gf, rows, w, backF);
    for (int i = 0; i < x.length; i++) {
      assertThat((double) backF[i]).isCloseTo(back[i], within(1e-5));
    }
  }

  @ParameterizedTest
  @CsvSource({
    "5, 5, 2, 3, 1, false", "6, 6, 2, 3, 2, true", "5, 5, 1, 2, 2, true", "4, 6, 3, 3, 3, true",
    "1, 1, 1, 1, 1, false"
  })
  void theSparseBackwardGivesWhatTheProductsGive(int h, int wd, int c, int k, int s, boolean same) {
    // dK = patchesᵀ·dz and dx = col2im(dz·Kᵀ), from a dz with one nonzero value in about nine (and -0s), for the
    // samples [1, 3) of 4 in float64 and float32; dx of the other samples is left alone
    Window2d w = window(h, wd, c, k, s, same);
    int rows = 4;
    int first = 1;
    int samples = 2;
    int filters = 3;
    int patch = w.patchSize();
    double[] x = random(rows * w.inSize(), 21);
    double[] kernel = random(patch * filters, 22);
    double[] dz = random(samples * w.outPixels() * filters, 23);
    for (int i = 0; i < dz.length; i++) {
      dz[i] = i % 9 == 3 ? dz[i] : i % 9 == 5 ? -0.0 : 0;
    }
    DMatrixRMaj columns = new DMatrixRMaj(rows * w.outPixels(), patch);
    Convolution.im2col(x, first, samples, w, columns.data);
    columns.reshape(samples * w.outPixels(), patch);
    DMatrixRMaj dzm = DMatrixRMaj.wrap(samples * w.outPixels(), filters, dz);
    DMatrixRMaj expectedGrad = new DMatrixRMaj(patch, filters);
    MatMul.multTransA(columns, dzm, expectedGrad);
    DMatrixRMaj dColumns = new DMatrixRMaj(samples * w.outPixels(), patch);
    MatMul.multTransB(dzm, DMatrixRMaj.wrap(patch, filters, kernel), dColumns);
    double[] expectedDx = new double[x.length];
    java.util.Arrays.fill(expectedDx, 7);
    Convolution.col2im(dColumns.data, first, samples, w, expectedDx);

    double[] kernelT = new double[filters * patch];
    SparseConvolution.transpose(kernel, patch, filters, kernelT);
    double[] gradT = new double[filters * patch];
    double[] dx = new double[x.length];
    java.util.Arrays.fill(dx, 7);
    long nonZeros = java.util.Arrays.stream(dz).filter(v -> v != 0).count();
    assertThat(SparseConvolution.worth(dz, dz.length)).isEqualTo(nonZeros * SparseConvolution.SHARE <= dz.length);
    assertThat(SparseConvolution.worth(random(dz.length, 24), dz.length)).isFalse();
    SparseConvolution.backward(x, first, samples, w, dz, filters, kernelT, gradT, dx);
    double[] grad = new double[patch * filters];
    java.util.Arrays.fill(grad, 1);
    SparseConvolution.addTransposed(grad, patch, filters, gradT);
    for (int i = 0; i < grad.length; i++) {
      assertThat(grad[i]).isCloseTo(1 + expectedGrad.data[i], within(1e-12));
    }
    for (int i = 0; i < x.length; i++) {
      assertThat(dx[i]).as("dx[%d]", i).isCloseTo(expectedDx[i], within(1e-12));
    }

    float[] kernelTf = toFloat(kernelT);
    float[] gradTf = new float[filters * patch];
    float[] dxf = new float[x.length];
    SparseConvolution.backward(toFloat(x), first, samples, w, toFloat(dz), filters, kernelTf, gradTf, dxf);
    for (int i = 0; i < gradTf.length; i++) {
      assertThat((double) gradTf[i]).isCloseTo(gradT[i], within(1e-5));
    }
    for (int n = first * w.inSize(); n < (first + samples) * w.inSize(); n++) {
      assertThat((double) dxf[n]).isCloseTo(dx[n], within(1e-5));
    }
  }

  @ParameterizedTest
  @CsvSource({"5, 5, 2, 3, 1, false", "6, 6, 2, 3, 2, true", "4, 6, 3, 3, 3, true"})
  void chunksOfSamplesGiveWhatTheWholeBatchGives(int h, int wd, int c, int k, int s, boolean same) {
    // im2col and col2im of samples [first, first + rows) equal the whole batch's in float64 and float32, and
    // col2im leaves the gradients of the other samples alone
    Window2d w = window(h, wd, c, k, s, same);
    int rows = 5;
    double[] x = random(rows * w.inSize(), 11);
    double[] g = random(rows * w.outPixels() * w.patchSize(), 12);
    double[] all = new double[g.length];
    Convolution.im2col(x, rows, w, all);
    double[] whole = new double[x.length];
    Convolution.col2im(g, rows, w, whole);
    int values = w.outPixels() * w.patchSize();
    double[] columns = new double[2 * values];
    double[] back = new double[x.length];
    java.util.Arrays.fill(back, 99);
    float[] xf = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      xf[i] = (float) x[i];
    }
    float[] columnsF = new float[2 * values];
    float[] gf = new float[2 * values];
    float[] backF = new float[x.length];
    for (int first = 0; first < rows; first += 2) {
      int n = Math.min(2, rows - first);
      Convolution.im2col(x, first, n, w, columns);
      Convolution.im2col(xf, first, n, w, columnsF);
      for (int i = 0; i < n * values; i++) {
        assertThat(columns[i]).isEqualTo(all[first * values + i]);
        assertThat(columnsF[i]).isEqualTo((float) all[first * values + i]);
      }
      System.arraycopy(g, first * values, columns, 0, n * values);
      Convolution.col2im(columns, first, n, w, back);
      for (int i = 0; i < n * values; i++) {
        gf[i] = (float) g[first * values + i];
      }
      Convolution.col2im(gf, first, n, w, backF);
      for (int i = (first + n) * w.inSize(); i < x.length; i++) {
        assertThat(back[i]).as("not yet written").isEqualTo(99);
      }
    }
    for (int i = 0; i < x.length; i++) {
      assertThat(back[i]).isCloseTo(whole[i], within(1e-12));
      assertThat((double) backF[i]).isCloseTo(whole[i], within(1e-5));
    }
  }

  @ParameterizedTest
  @CsvSource({"true, true", "true, false", "false, true", "false, false"})
  void chunkOutputsAndTheirGradientsMatchTheSeparatePasses(boolean relu, boolean withBias) {
    // output(Relu) = Bias.add then Activations.relu; outputGradient(Relu) = Activations.reluBackward then a copy,
    // with Bias.backward's sum added to db; both at an offset into the layer's arrays
    int pixels = 7;
    int filters = 5;
    int offset = 2 * filters;
    double[] product = random(pixels * filters, 21);
    product[3] = -0.0;
    product[4] = Double.MIN_VALUE; // the smallest positive value: relu' is 1 there
    product[5] = -Double.MIN_VALUE;
    double[] b = withBias ? random(filters, 22) : null;
    if (b != null) {
      b[3] = 0; // keeps product[3], [4] and [5] as they are
      b[4] = 0;
      b[0] = 0;
    }
    double[] expected = product.clone();
    if (b != null) {
      Bias.add(expected, pixels, filters, b);
    }
    if (relu) {
      Activations.relu(expected, expected, 0, expected.length);
    }
    double[] y = new double[offset + pixels * filters + 3];
    float[] yf = new float[y.length];
    float[] productF = toFloat(product);
    productF[4] = Float.MIN_VALUE;
    productF[5] = -Float.MIN_VALUE;
    float[] bf = b == null ? null : toFloat(b);
    float[] expectedF = productF.clone();
    if (bf != null) {
      Bias.add(expectedF, pixels, filters, bf);
    }
    if (relu) {
      Activations.relu(expectedF, expectedF, 0, expectedF.length);
    }
    if (relu) {
      Convolution.outputRelu(product, pixels, filters, b, y, offset);
      Convolution.outputRelu(productF, pixels, filters, bf, yf, offset);
    } else {
      Convolution.output(product, pixels, filters, b, y, offset);
      Convolution.output(productF, pixels, filters, bf, yf, offset);
    }
    for (int i = 0; i < expected.length; i++) {
      assertThat(Double.doubleToRawLongBits(y[offset + i])).as("y[%d]", i)
          .isEqualTo(Double.doubleToRawLongBits(expected[i]));
      assertThat(Float.floatToRawIntBits(yf[offset + i])).as("yf[%d]", i)
          .isEqualTo(Float.floatToRawIntBits(expectedF[i]));
    }
    assertThat(y[0]).isZero();
    assertThat(y[y.length - 1]).isZero();

    double[] dy = random(y.length, 23);
    double[] dz = new double[pixels * filters];
    double[] db = {1, 2, 3, 4, 5};
    double[] expectedDz = java.util.Arrays.copyOfRange(dy, offset, offset + dz.length);
    if (relu) {
      Activations.reluBackward(java.util.Arrays.copyOfRange(y, offset, offset + dz.length), expectedDz, expectedDz,
          0, dz.length);
    }
    double[] expectedDb = new double[filters];
    Bias.backward(expectedDz, pixels, filters, expectedDb);
    float[] dzf = new float[dz.length];
    float[] dbf = {1, 2, 3, 4, 5};
    if (relu) {
      Convolution.outputGradientRelu(dy, y, offset, pixels, filters, dz, db);
      Convolution.outputGradientRelu(toFloat(dy), yf, offset, pixels, filters, dzf, dbf);
    } else {
      Convolution.outputGradient(dy, offset, pixels, filters, dz, db);
      Convolution.outputGradient(toFloat(dy), offset, pixels, filters, dzf, dbf);
    }
    for (int i = 0; i < dz.length; i++) {
      assertThat(dz[i] == expectedDz[i]).as("dz[%d] = %s, expected %s", i, dz[i], expectedDz[i]).isTrue();
    }
    for (int j = 0; j < filters; j++) {
      assertThat(db[j]).isCloseTo(j + 1 + expectedDb[j], within(1e-12));
      assertThat((double) dbf[j]).isCloseTo(j + 1 + expectedDb[j], within(1e-5));
    }
    for (int i = 0; i < dz.length; i++) {
      assertThat((double) dzf[i]).isCloseTo(expectedDz[i], within(1e-6));
    }
    Convolution.outputGradient(dy, offset, pixels, filters, dz, null); // no bias: nothing to sum
    double[] sum = {1, 2, 3};
    Convolution.addEquals(sum, new double[] {10, 20, 30, 40}, 2);
    assertThat(sum).containsExactly(11, 22, 3);
    float[] sumF = {1, 2, 3};
    Convolution.addEquals(sumF, new float[] {10, 20, 30, 40}, 2);
    assertThat(sumF).containsExactly(11, 22, 3);
  }

  private static float[] toFloat(double[] a) {
    float[] f = new float[a.length];
    for (int i = 0; i < a.length; i++) {
      f[i] = (float) a[i];
    }
    return f;
  }

  @ParameterizedTest
  @CsvSource({"7, 6", "6, 7", "7, 7", "1, 1"})
  void twoByTwoWindowsWithSamePaddingOverOddSizesTakeTheGeneralKernels(int h, int wd) {
    // The padding is all at the bottom or right: the 2×2 kernels would read past the sample (into the next one).
    Window2d w = window(h, wd, 3, 2, 2, true);
    assertThat(w.padTop()).isZero();
    assertThat(w.padLeft()).isZero();
    assertThat(MaxPooling2x2.isTwoByTwo(w)).isFalse();
  }

  @ParameterizedTest
  @CsvSource({"6, 6, 3", "5, 7, 2", "2, 2, 1", "3, 3, 4"})
  void twoByTwoMaxPoolingAgreesWithTheGeneralOneAndItsWinners(int h, int wd, int c) {
    // values drawn from a few levels, so that windows have ties, which must go to the first maximum as there
    Window2d w = window(h, wd, c, 2, 2, false);
    assertThat(MaxPooling2x2.isTwoByTwo(w)).isTrue();
    int rows = 3;
    double[] x = random(rows * w.inSize(), 31);
    for (int i = 0; i < x.length; i++) {
      x[i] = Math.floor(x[i] * 2); // −2, −1, 0 or 1
    }
    x[0] = -0.0;
    int outs = rows * w.outPixels() * c;
    double[] general = new double[outs];
    int[] winners = new int[outs];
    MaxPooling.maxPool(x, 0, rows, w, general, winners);
    double[] y = new double[outs];
    MaxPooling2x2.maxPool2x2(x, 0, rows, w, y);
    for (int i = 0; i < outs; i++) { // == : max(−0, +0) may be either zero
      assertThat(y[i] == general[i]).as("y[%d] = %s, expected %s", i, y[i], general[i]).isTrue();
    }
    double[] g = random(outs, 32);
    double[] expected = new double[x.length];
    MaxPooling.maxPoolBackward(g, 0, rows, w, winners, expected);
    double[] dx = new double[x.length];
    java.util.Arrays.fill(dx, 99); // overwritten everywhere, also under no window
    MaxPooling2x2.maxPool2x2Backward(x, y, g, 0, rows, w, dx);
    for (int i = 0; i < x.length; i++) { // == rather than equals: a gradient times 0 may be −0
      assertThat(dx[i] == expected[i]).as("dx[%d] = %s, expected %s", i, dx[i], expected[i]).isTrue();
    }

    float[] xf = toFloat(x);
    float[] yf = new float[outs];
    MaxPooling2x2.maxPool2x2(xf, 0, rows, w, yf);
    float[] dxf = new float[x.length];
    java.util.Arrays.fill(dxf, 99);
    MaxPooling2x2.maxPool2x2Backward(xf, yf, toFloat(g), 0, rows, w, dxf);
    for (int i = 0; i < outs; i++) {
      assertThat((double) yf[i]).isEqualTo(general[i]);
    }
    for (int i = 0; i < x.length; i++) {
      assertThat((double) dxf[i]).isCloseTo(expected[i], within(1e-6));
    }
  }

  @org.junit.jupiter.api.Test
  void twoByTwoMaxPoolingTellsTheSmallestDifferencesApart() {
    // the equality test in backward must see the smallest positive differences as differences
    Window2d w = new Window2d(2, 2, 1, 2, 2, 2, 2, 0, 0, 1, 1);
    float[] xf = {0f, Float.MIN_VALUE, -Float.MIN_VALUE, 0f};
    float[] yf = new float[1];
    MaxPooling2x2.maxPool2x2(xf, 0, 1, w, yf);
    float[] dxf = new float[4];
    MaxPooling2x2.maxPool2x2Backward(xf, yf, new float[] {5f}, 0, 1, w, dxf);
    assertThat(dxf).containsExactly(0f, 5f, 0f, 0f);
    double[] xd = {Double.MIN_VALUE, 0, 2 * Double.MIN_VALUE, Double.MIN_VALUE};
    double[] yd = new double[1];
    MaxPooling2x2.maxPool2x2(xd, 0, 1, w, yd);
    double[] dxd = new double[4];
    MaxPooling2x2.maxPool2x2Backward(xd, yd, new double[] {5}, 0, 1, w, dxd);
    assertThat(dxd).containsExactly(0, 0, 5, 0);
  }

  @ParameterizedTest
  @CsvSource({"5, 5, 2, 3, 2, true", "6, 6, 2, 2, 2, false", "4, 4, 1, 3, 1, true", "5, 3, 3, 2, 1, false"})
  void poolingMatchesDirectLoopsIgnoringPadding(int h, int wd, int c, int k, int s, boolean same) {
    Window2d w = window(h, wd, c, k, s, same);
    int rows = 2;
    double[] x = random(rows * w.inSize(), 5);
    int outs = rows * w.outPixels() * c;
    double[] max = new double[outs];
    double[] avg = new double[outs];
    int[] winners = new int[outs];
    MaxPooling.maxPool(x, 0, rows, w, max, winners);
    AveragePooling.averagePool(x, 0, rows, w, avg);
    double[] maxInference = new double[outs];
    MaxPooling.maxPool(x, 0, rows, w, maxInference);
    assertThat(maxInference).containsExactly(max);
    int o = 0;
    for (int n = 0; n < rows; n++) {
      for (int oy = 0; oy < w.outHeight(); oy++) {
        for (int ox = 0; ox < w.outWidth(); ox++) {
          for (int ci = 0; ci < c; ci++) {
            double best = Double.NEGATIVE_INFINITY;
            double sum = 0;
            int count = 0;
            for (int ky = 0; ky < k; ky++) {
              for (int kx = 0; kx < k; kx++) {
                int iy = oy * s - w.padTop() + ky;
                int ix = ox * s - w.padLeft() + kx;
                if (iy >= 0 && iy < h && ix >= 0 && ix < wd) {
                  double v = at(x, w, n, iy, ix, ci);
                  best = Math.max(best, v);
                  sum += v;
                  count++;
                }
              }
            }
            assertThat(max[o]).isEqualTo(best);
            assertThat(x[winners[o] + ci]).isEqualTo(best);
            assertThat(avg[o]).isCloseTo(sum / count, within(1e-15));
            o++;
          }
        }
      }
    }
    // backward passes are the adjoints of the forward passes (linear for average; for max, given the winners)
    double[] g = random(outs, 6);
    double[] dMax = new double[x.length];
    double[] dAvg = new double[x.length];
    MaxPooling.maxPoolBackward(g, 0, rows, w, winners, dMax);
    AveragePooling.averagePoolBackward(g, 0, rows, w, dAvg);
    double lhsMax = 0;
    double lhsAvg = 0;
    for (int i = 0; i < outs; i++) {
      lhsMax += max[i] * g[i];
      lhsAvg += avg[i] * g[i];
    }
    double rhsMax = 0;
    double rhsAvg = 0;
    for (int i = 0; i < x.length; i++) {
      rhsMax += x[i] * dMax[i];
      rhsAvg += x[i] * dAvg[i];
    }
    assertThat(lhsMax).isCloseTo(rhsMax, within(1e-12));
    assertThat(lhsAvg).isCloseTo(rhsAvg, within(1e-12));
  }

  @ParameterizedTest
  @CsvSource({"5, 5, 2, 3, 2, true", "6, 6, 2, 2, 2, false"})
  void float32PoolingAgreesWithFloat64(int h, int wd, int c, int k, int s, boolean same) {
    Window2d w = window(h, wd, c, k, s, same);
    double[] x = random(w.inSize(), 7);
    float[] xf = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      xf[i] = (float) x[i];
    }
    int outs = w.outPixels() * c;
    double[] avg = new double[outs];
    float[] avgF = new float[outs];
    float[] maxF = new float[outs];
    int[] winners = new int[outs];
    AveragePooling.averagePool(x, 0, 1, w, avg);
    AveragePooling.averagePool(xf, 0, 1, w, avgF);
    MaxPooling.maxPool(xf, 0, 1, w, maxF, winners);
    for (int i = 0; i < outs; i++) {
      assertThat((double) avgF[i]).isCloseTo(avg[i], within(1e-6));
      assertThat(maxF[i]).isEqualTo(xf[winners[i] + i % c]);
    }
    float[] g = new float[outs];
    java.util.Arrays.fill(g, 1f);
    float[] dx = new float[x.length];
    AveragePooling.averagePoolBackward(g, 0, 1, w, dx);
    MaxPooling.maxPoolBackward(g, 0, 1, w, winners, dx);
    float total = 0;
    for (float v : dx) {
      total += v;
    }
    assertThat(total).isEqualTo((float) outs); // max pooling routes each unit gradient to exactly one input
  }

  @org.junit.jupiter.api.Test
  void maxPoolGivesTiesAndTheirGradientToTheFirstMaximum() {
    // one 2×2 sample, 2 channels, one 2×2 window: channel 0 ties at 5 (positions 1 and 3), channel 1 all zero
    Window2d w = window(2, 2, 2, 2, 2, false);
    float[] x = {1, 0, 5, 0, -2, 0, 5, 0};
    float[] y = new float[2];
    int[] winners = new int[2];
    MaxPooling.maxPool(x, 0, 1, w, y, winners);
    assertThat(y).containsExactly(5, 0);
    assertThat(winners).containsExactly(2, 0); // pixel 1 (index 2) for channel 0, pixel 0 for channel 1
    float[] dx = new float[8];
    MaxPooling.maxPoolBackward(new float[] {1, 3}, 0, 1, w, winners, dx);
    assertThat(dx).containsExactly(0, 3, 1, 0, 0, 0, 0, 0);
    double[] xd = {-0.0, Double.NaN, 0.0, 7, -1, 1, -2, 8};
    double[] yd = new double[2];
    MaxPooling.maxPool(xd, 0, 1, w, yd, winners);
    // +0 is not greater than −0, so the first stays; nothing is greater than a NaN, so a NaN first stays too
    assertThat(Double.doubleToRawLongBits(yd[0])).isEqualTo(Double.doubleToRawLongBits(-0.0));
    assertThat(yd[1]).isNaN();
    assertThat(winners).containsExactly(0, 0);
  }

  @org.junit.jupiter.api.Test
  void globalAveragePoolIsTheMeanOverPixels() {
    double[] x = {1, 10, 2, 20, 3, 30, 4, 40}; // one sample, 4 pixels, 2 channels
    double[] y = new double[2];
    GlobalPooling.average(x, null, 1, 4, 2, y);
    assertThat(y).containsExactly(2.5, 25);
    double[] dx = new double[8];
    GlobalPooling.averageBackward(new double[] {4, 8}, null, 1, 4, 2, dx);
    assertThat(dx).containsExactly(1, 2, 1, 2, 1, 2, 1, 2);
    float[] yf = new float[2];
    GlobalPooling.average(new float[] {1, 10, 2, 20, 3, 30, 4, 40}, null, 1, 4, 2, yf);
    assertThat(yf).containsExactly(2.5f, 25f);
    GlobalPooling.average(new double[0], null, 0, 4, 2, new double[0]);
  }

  @org.junit.jupiter.api.Test
  void emptyBatchesAndBadWindows() {
    Window2d w = window(3, 3, 1, 2, 1, false);
    Convolution.im2col(new double[0], 0, w, new double[0]);
    Convolution.col2im(new double[0], 0, w, new double[0]);
    MaxPooling.maxPool(new float[0], 0, 0, w, new float[0], new int[0]);
    AveragePooling.averagePoolBackward(new float[0], 0, 0, w, new float[0]);
    assertThatThrownBy(() -> new Window2d(3, 3, 1, 2, 2, 0, 1, 0, 0, 2, 2))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
