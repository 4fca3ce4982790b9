package dev.nnet.compiler.export;

import static dev.nnet.compiler.codegen.TestModels.model;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.nnet.compiler.layers.batchnorm.BatchNormSpec;
import dev.nnet.compiler.layers.conv.Conv2dSpec;
import dev.nnet.compiler.layers.dense.DenseSpec;
import dev.nnet.compiler.layers.globalpool.GlobalPoolSpec;
import dev.nnet.compiler.layers.pool.Pool2dSpec;
import dev.nnet.compiler.model.ActivationKind;
import dev.nnet.compiler.model.LayerSpec;
import dev.nnet.compiler.model.LossKind;
import dev.nnet.compiler.model.ModelSpec;
import dev.nnet.compiler.model.Padding;
import dev.nnet.compiler.model.PoolKind;
import dev.nnet.compiler.model.Precision;
import java.lang.reflect.Array;
import java.lang.reflect.Method;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Convolution, pooling (max and average, valid and same padding, strides 1 and 2), global average pooling and batch
 * normalization in exported classes, against a reference written differently: the input is padded explicitly
 * (zeros for a convolution, "absent" for pooling) and the windows then run without bounds checks.
 */
class ExportConvolutionTest {
  private static final ModelSpec CNN = model("Cnn", 7, 6, 2)
      .javaPackage("exported.cnn")
      .precision(Precision.FLOAT64)
      .conv2d("conv1", 4, 3, 1, Padding.SAME, ActivationKind.RELU)
      .batchNorm("norm1")
      .pool2d("pool1", PoolKind.MAX, 2, 2, Padding.SAME)
      .conv2d("conv2", 3, 2, 2, 2, 2, Padding.VALID, ActivationKind.TANH, false, 0)
      .pool2d("pool2", PoolKind.AVERAGE, 3, 1, Padding.SAME)
      .globalAveragePool2d("gap")
      .dense("out", 2, ActivationKind.SOFTMAX)
      .loss(LossKind.SPARSE_CATEGORICAL_CROSSENTROPY)
      .build();

  private static final ModelSpec STRIDED = model("Strided", 5, 5, 1)
      .javaPackage("exported.cnn")
      .conv2d("conv", 2, 3, 2, Padding.SAME, ActivationKind.SOFTMAX)
      .pool2d("pool", PoolKind.AVERAGE, 2, 1, Padding.VALID)
      .flatten("flat")
      .dense("out", 3, ActivationKind.LINEAR)
      .loss(LossKind.MEAN_SQUARED_ERROR)
      .build();

  private static final Map<ModelSpec, Map<String, double[]>> VALUES = new LinkedHashMap<>();
  private static URLClassLoader loader;

  @TempDir static Path dir;

  @BeforeAll
  static void export() throws Exception {
    List<Path> sources = new ArrayList<>();
    for (ModelSpec m : List.of(CNN, STRIDED)) {
      Exporter.Export e = Exporter.export(m, ExportOptions.of(m));
      Random random = new Random(m.name().hashCode());
      Map<String, double[]> values = new LinkedHashMap<>();
      for (WeightArray a : e.arrays()) {
        double[] v = new double[a.length()];
        for (int i = 0; i < v.length; i++) {
          // variances must be positive; float32 models store float32 values exactly
          double x = a.name().endsWith("variance") ? 0.5 + random.nextDouble() : 2 * random.nextDouble() - 1;
          v[i] = a.isDouble() ? x : (float) x;
        }
        values.put(a.name(), v);
      }
      VALUES.put(m, values);
      sources.add(ExportAgainstRuntimeTest.writeTo(dir, e, values));
    }
    loader = StandaloneJavac.compileAlone(dir, sources);
  }

  @Test
  void arraysAreTheCheckpointsParametersInLayerOrder() {
    assertThat(Exporter.export(CNN, ExportOptions.of(CNN)).arrays())
        .extracting(WeightArray::name)
        .containsExactly("conv1.kernel", "conv1.bias", "norm1.gamma", "norm1.beta", "norm1.moving_mean",
            "norm1.moving_variance", "conv2.kernel", "out.kernel", "out.bias");
    assertThat(Exporter.export(CNN, ExportOptions.of(CNN)).arrays().get(0).length()).isEqualTo(3 * 3 * 2 * 4);
  }

  @Test
  void float64NetworkMatchesTheReference() throws Exception {
    check(CNN, 1e-12);
  }

  @Test
  void float32NetworkMatchesTheReference() throws Exception {
    check(STRIDED, 1e-5);
  }

  private static void check(ModelSpec m, double tolerance) throws Exception {
    Class<?> cls = loader.loadClass(m.qualifiedName());
    Object exported = cls.getMethod("load").invoke(null);
    Method predict = cls.getMethod("predict", float[].class);
    Random random = new Random(3);
    double spread = 0;
    double[] first = null;
    for (int s = 0; s < 20; s++) {
      float[] x = new float[m.input().size()];
      for (int i = 0; i < x.length; i++) {
        x[i] = (float) (4 * random.nextDouble() - 2);
      }
      double[] expected = Reference.forward(m, VALUES.get(m), x);
      Object actual = predict.invoke(exported, (Object) x);
      for (int j = 0; j < expected.length; j++) {
        assertThat(Array.getDouble(actual, j)).as("%s sample %d output %d", m.name(), s, j)
            .isCloseTo(expected[j], within(tolerance * Math.max(1, Math.abs(expected[j]))));
      }
      if (first == null) {
        first = expected;
      }
      spread = Math.max(spread, Math.abs(expected[0] - first[0]));
    }
    assertThat(spread).as("outputs vary with the input").isGreaterThan(1e-4);
  }

  /** The forward pass in double, by the definitions. */
  static final class Reference {
    private Reference() {}

    static double[] forward(ModelSpec m, Map<String, double[]> w, float[] input) {
      double[] x = new double[input.length];
      for (int i = 0; i < x.length; i++) {
        x[i] = input[i];
      }
      for (LayerSpec l : m.layers()) {
        x = layer(l, w, x);
      }
      return x;
    }

    private static double[] layer(LayerSpec l, Map<String, double[]> w, double[] x) {
      if (l instanceof DenseSpec d) {
        double[] k = w.get(d.name() + ".kernel");
        double[] b = w.get(d.name() + ".bias");
        double[] y = new double[d.units()];
        for (int j = 0; j < d.units(); j++) {
          double z = d.useBias() ? b[j] : 0;
          for (int i = 0; i < x.length; i++) {
            z += x[i] * k[i * d.units() + j];
          }
          y[j] = z;
        }
        return activate(d.activation().kind(), y, d.units());
      } else if (l instanceof Conv2dSpec c) {
        return conv(c, w, x);
      } else if (l instanceof Pool2dSpec p) {
        return pool(p, x);
      } else if (l instanceof GlobalPoolSpec g && g.kind() == PoolKind.AVERAGE) {
        int ch = g.inputShape().dim(2);
        int pixels = g.inputShape().size() / ch;
        double[] y = new double[ch];
        for (int p = 0; p < pixels; p++) {
          for (int c = 0; c < ch; c++) {
            y[c] += x[p * ch + c] / pixels;
          }
        }
        return y;
      } else if (l instanceof BatchNormSpec b) {
        int ch = b.channels();
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
          int c = i % ch;
          y[i] = w.get(b.name() + ".gamma")[c] * (x[i] - w.get(b.name() + ".moving_mean")[c])
              / Math.sqrt(w.get(b.name() + ".moving_variance")[c] + b.epsilon()) + w.get(b.name() + ".beta")[c];
        }
        return y;
      }
      return x; // flatten, dropout
    }

    /** Pads explicitly (Keras: the odd padding row or column goes to the bottom or right), then slides. */
    private static double[] conv(Conv2dSpec c, Map<String, double[]> w, double[] x) {
      int h = c.inputShape().dim(0);
      int wd = c.inputShape().dim(1);
      int ch = c.inputShape().dim(2);
      int oh = c.outputShape().dim(0);
      int ow = c.outputShape().dim(1);
      int f = c.filters();
      double[][][] padded = pad(x, h, wd, ch, c.kernelHeight(), c.kernelWidth(), c.strideHeight(), c.strideWidth(),
          oh, ow, c.padding(), 0.0);
      double[] k = w.get(c.name() + ".kernel");
      double[] y = new double[oh * ow * f];
      for (int oy = 0; oy < oh; oy++) {
        for (int ox = 0; ox < ow; ox++) {
          for (int fi = 0; fi < f; fi++) {
            double z = c.useBias() ? w.get(c.name() + ".bias")[fi] : 0;
            for (int ky = 0; ky < c.kernelHeight(); ky++) {
              for (int kx = 0; kx < c.kernelWidth(); kx++) {
                for (int ci = 0; ci < ch; ci++) {
                  z += padded[oy * c.strideHeight() + ky][ox * c.strideWidth() + kx][ci]
                      * k[((ky * c.kernelWidth() + kx) * ch + ci) * f + fi];
                }
              }
            }
            y[(oy * ow + ox) * f + fi] = z;
          }
        }
      }
      return activate(c.activation().kind(), y, f);
    }

    private static double[] pool(Pool2dSpec p, double[] x) {
      int h = p.inputShape().dim(0);
      int wd = p.inputShape().dim(1);
      int ch = p.inputShape().dim(2);
      int oh = p.outputShape().dim(0);
      int ow = p.outputShape().dim(1);
      double[][][] padded = pad(x, h, wd, ch, p.poolHeight(), p.poolWidth(), p.strideHeight(), p.strideWidth(), oh, ow,
          p.padding(), Double.NaN);
      double[] y = new double[oh * ow * ch];
      for (int oy = 0; oy < oh; oy++) {
        for (int ox = 0; ox < ow; ox++) {
          for (int c = 0; c < ch; c++) {
            double max = Double.NEGATIVE_INFINITY;
            double sum = 0;
            int n = 0;
            for (int ky = 0; ky < p.poolHeight(); ky++) {
              for (int kx = 0; kx < p.poolWidth(); kx++) {
                double v = padded[oy * p.strideHeight() + ky][ox * p.strideWidth() + kx][c];
                if (!Double.isNaN(v)) {
                  max = Math.max(max, v);
                  sum += v;
                  n++;
                }
              }
            }
            y[(oy * ow + ox) * ch + c] = p.kind() == PoolKind.MAX ? max : sum / n;
          }
        }
      }
      return y;
    }

    private static double[][][] pad(double[] x, int h, int w, int ch, int kh, int kw, int sh, int sw, int oh, int ow,
        Padding padding, double fill) {
      int top = 0;
      int left = 0;
      int rows = h;
      int cols = w;
      if (padding == Padding.SAME) {
        int totalH = Math.max((oh - 1) * sh + kh - h, 0);
        int totalW = Math.max((ow - 1) * sw + kw - w, 0);
        top = totalH / 2;
        left = totalW / 2;
        rows = h + totalH;
        cols = w + totalW;
      }
      double[][][] p = new double[rows][cols][ch];
      for (double[][] r : p) {
        for (double[] c : r) {
          java.util.Arrays.fill(c, fill);
        }
      }
      for (int y = 0; y < h; y++) {
        for (int xx = 0; xx < w; xx++) {
          for (int c = 0; c < ch; c++) {
            p[y + top][xx + left][c] = x[(y * w + xx) * ch + c];
          }
        }
      }
      return p;
    }

    private static double[] activate(ActivationKind kind, double[] z, int cols) {
      double[] y = new double[z.length];
      for (int r = 0; r < z.length / cols; r++) {
        double sum = 0;
        for (int j = 0; j < cols; j++) {
          sum += Math.exp(z[r * cols + j]);
        }
        for (int j = 0; j < cols; j++) {
          double v = z[r * cols + j];
          y[r * cols + j] = switch (kind) {
            case RELU -> Math.max(0, v);
            case TANH -> Math.tanh(v);
            case SOFTMAX -> Math.exp(v) / sum;
            case LINEAR -> v;
            default -> throw new IllegalArgumentException("not in these tests: " + kind);
          };
        }
      }
      return y;
    }
  }
}
