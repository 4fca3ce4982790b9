package dev.nnet.runtime.layer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnet.runtime.Rng;
import java.util.function.Supplier;
import org.ejml.data.DMatrixRMaj;
import org.ejml.data.FMatrixRMaj;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The recurrent cells' backpropagation through time (GRU, LSTM, simple RNN) against float64 central differences of the loss Σ c ⊙ y (c fixed
 * and random, so dy = c), for every option the generated code passes: return_sequences, a mask with padded steps
 * (padding after, before and in the middle), the reverse direction, a bias or none, an input gradient written or
 * added. The float32 kernel is checked against the float64 one.
 */
class RecurrentCellGradientTest {
  private static final int ROWS = 3;
  private static final int STEPS = 5;
  private static final int FEATURES = 4;
  private static final int UNITS = 3;
  private static final double H = 1e-6;

  private final Rng rng = new Rng(17);

  private double[] random(int n, double scale) {
    double[] a = new double[n];
    for (int i = 0; i < n; i++) {
      a[i] = (rng.nextDouble() * 2 - 1) * scale;
    }
    return a;
  }

  /** Real steps: sample 0 all, sample 1 the first 3 (padding after), sample 2 steps 1, 2 and 4. */
  private static double[] mask() {
    double[] m = new double[ROWS * STEPS];
    java.util.Arrays.fill(m, 1);
    m[STEPS + 3] = 0;
    m[STEPS + 4] = 0;
    m[2 * STEPS] = 0;
    m[2 * STEPS + 3] = 0;
    return m;
  }

  /** The cells by name, with their gate counts and bias sizes (a GRU's two rows). */
  enum Cell {
    GRU(3, 2),
    LSTM(4, 1),
    SIMPLE_RNN(1, 1);

    final int gates;
    final int biasRows;

    Cell(int gates, int biasRows) {
      this.gates = gates;
      this.biasRows = biasRows;
    }

    DoubleRecurrent makeDouble(boolean returnSequences, boolean reverse, boolean zeroMasked, int width, int offset) {
      return switch (this) {
        case GRU -> new DoubleGru(STEPS, FEATURES, UNITS, returnSequences, reverse, zeroMasked, width, offset);
        case LSTM -> new DoubleLstm(STEPS, FEATURES, UNITS, returnSequences, reverse, zeroMasked, width, offset);
        case SIMPLE_RNN -> new DoubleSimpleRnn(STEPS, FEATURES, UNITS, returnSequences, reverse, zeroMasked, width,
            offset);
      };
    }

    FloatRecurrent makeFloat(boolean returnSequences) {
      return switch (this) {
        case GRU -> new FloatGru(STEPS, FEATURES, UNITS, returnSequences, false, false, UNITS, 0);
        case LSTM -> new FloatLstm(STEPS, FEATURES, UNITS, returnSequences, false, false, UNITS, 0);
        case SIMPLE_RNN -> new FloatSimpleRnn(STEPS, FEATURES, UNITS, returnSequences, false, false, UNITS, 0);
      };
    }
  }

  @ParameterizedTest(name = "{0} returnSequences={1} masked={2} reverse={3} bias={4} addToDx={5}")
  @CsvSource({
    "GRU, false, false, false, true, false",
    "GRU, true, false, false, true, false",
    "GRU, false, true, false, true, false",
    "GRU, true, true, false, true, true",
    "GRU, false, true, true, true, false",
    "GRU, true, true, true, false, false",
    "GRU, true, false, true, true, true",
    "LSTM, false, false, false, true, false",
    "LSTM, true, true, false, true, true",
    "LSTM, false, true, true, true, false",
    "LSTM, true, true, true, false, false",
    "SIMPLE_RNN, false, false, false, true, false",
    "SIMPLE_RNN, true, true, false, true, true",
    "SIMPLE_RNN, false, true, true, true, false",
    "SIMPLE_RNN, true, true, true, false, false",
  })
  void backwardMatchesCentralDifferences(
      Cell cell, boolean returnSequences, boolean masked, boolean reverse, boolean withBias, boolean addToDx) {
    int outWidth = 2 * UNITS; // as one direction of a bidirectional layer: its half at offset UNITS
    int offset = UNITS;
    int ySize = returnSequences ? STEPS * outWidth : outWidth;
    double[] x = random(ROWS * STEPS * FEATURES, 1);
    int gu = cell.gates * UNITS;
    DMatrixRMaj kernel = DMatrixRMaj.wrap(FEATURES, gu, random(FEATURES * gu, 0.7));
    DMatrixRMaj recurrent = DMatrixRMaj.wrap(UNITS, gu, random(UNITS * gu, 0.7));
    double[] bias = withBias ? random(cell.biasRows * gu, 0.5) : null;
    double[] mask = masked ? mask() : null;
    double[] c = random(ROWS * ySize, 1);
    // zeroMaskedOutput with the mask, as in a bidirectional layer: the repeated state is the plain layer's case
    DoubleRecurrent gru = cell.makeDouble(returnSequences, reverse, masked && reverse, outWidth, offset);
    Supplier<Double> loss = () -> {
      double[] y = new double[ROWS * ySize];
      gru.forward(x, kernel, recurrent, bias, mask, ROWS, y);
      double sum = 0;
      for (int i = 0; i < y.length; i++) {
        sum += c[i] * y[i];
      }
      return sum;
    };
    loss.get();
    double[] kernelGrad = new double[kernel.data.length];
    double[] recurrentGrad = new double[recurrent.data.length];
    double[] biasGrad = withBias ? new double[bias.length] : null;
    double[] dx = new double[x.length];
    double[] before = random(x.length, 1);
    if (addToDx) {
      System.arraycopy(before, 0, dx, 0, dx.length);
    }
    double[] dy = c.clone();
    gru.backward(x, kernel, recurrent, mask, dy, ROWS, kernelGrad, recurrentGrad, biasGrad, dx, addToDx);
    if (addToDx) {
      for (int i = 0; i < dx.length; i++) {
        dx[i] -= before[i];
      }
    }
    assertClose("kernel", kernel.data, kernelGrad, loss);
    assertClose("recurrent kernel", recurrent.data, recurrentGrad, loss);
    if (withBias) {
      assertClose("bias", bias, biasGrad, loss);
    }
    assertClose("input", x, dx, loss);
    if (masked) {
      // a padded step changes nothing: the input there has no gradient
      for (int f = 0; f < FEATURES; f++) {
        assertEquals(0, dx[((STEPS + 4) * FEATURES) + f]);
      }
    }
  }

  private static void assertClose(String what, double[] values, double[] analytic, Supplier<Double> loss) {
    double worst = 0;
    for (int i = 0; i < values.length; i++) {
      double v = values[i];
      values[i] = v + H;
      double plus = loss.get();
      values[i] = v - H;
      double minus = loss.get();
      values[i] = v;
      double numeric = (plus - minus) / (2 * H);
      worst = Math.max(worst, Math.abs(numeric - analytic[i]) / Math.max(1, Math.abs(numeric)));
    }
    assertTrue(worst <= 1e-6, what + ": worst difference " + worst);
  }

  @ParameterizedTest(name = "{0} returnSequences={1}")
  @CsvSource({"GRU, false", "GRU, true", "LSTM, false", "LSTM, true", "SIMPLE_RNN, true"})
  void floatKernelComputesWhatTheDoubleOneDoes(Cell cell, boolean returnSequences) {
    int gu = cell.gates * UNITS;
    double[] x = random(ROWS * STEPS * FEATURES, 1);
    double[] w = random(FEATURES * gu, 0.7);
    double[] u = random(UNITS * gu, 0.7);
    double[] bias = random(cell.biasRows * gu, 0.5);
    double[] mask = mask();
    int ySize = returnSequences ? STEPS * UNITS : UNITS;
    double[] y = new double[ROWS * ySize];
    cell.makeDouble(returnSequences, false, false, UNITS, 0)
        .forward(x, DMatrixRMaj.wrap(FEATURES, gu, w), DMatrixRMaj.wrap(UNITS, gu, u), bias, mask, ROWS, y);
    float[] yf = new float[ROWS * ySize];
    cell.makeFloat(returnSequences)
        .forward(floats(x), FMatrixRMaj.wrap(FEATURES, gu, floats(w)), FMatrixRMaj.wrap(UNITS, gu, floats(u)),
            floats(bias), floats(mask), ROWS, yf);
    for (int i = 0; i < y.length; i++) {
      assertEquals(y[i], yf[i], 1e-5, "output " + i);
    }
  }

  /**
   * After an embedding, the layer takes the ids and the table: the outputs and every gradient (dE in place of dx)
   * are those of the rows gathered and run through {@code forward}/{@code backward}, through the table T = E·W + b
   * (a vocabulary of 4 against 15 steps in the batch) and through the gathered rows (a vocabulary of 20).
   */
  @ParameterizedTest(name = "{0} vocabulary={1} masked={2} bias={3}")
  @CsvSource({
    "GRU, 4, false, true", "GRU, 4, true, true", "GRU, 20, true, true", "GRU, 4, false, false",
    "LSTM, 4, true, true", "LSTM, 20, false, true", "SIMPLE_RNN, 4, true, false", "SIMPLE_RNN, 20, true, true",
  })
  void embeddedInputGivesWhatTheGatheredRowsGive(Cell cell, int vocabulary, boolean masked, boolean withBias) {
    int gu = cell.gates * UNITS;
    double[] ids = new double[ROWS * STEPS];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = (i * 7 + i / 3) % 4; // ids 0..3, repeated within and across samples
    }
    DMatrixRMaj table = DMatrixRMaj.wrap(vocabulary, FEATURES, random(vocabulary * FEATURES, 1));
    DMatrixRMaj kernel = DMatrixRMaj.wrap(FEATURES, gu, random(FEATURES * gu, 0.7));
    DMatrixRMaj recurrent = DMatrixRMaj.wrap(UNITS, gu, random(UNITS * gu, 0.7));
    double[] bias = withBias ? random(cell.biasRows * gu, 0.5) : null;
    double[] mask = masked ? mask() : null;
    double[] dy = random(ROWS * STEPS * UNITS, 1);
    double[] x = new double[ROWS * STEPS * FEATURES];
    dev.nnet.runtime.kernel.Embedding.forward(ids, ROWS * STEPS, table.data, vocabulary, FEATURES, x);

    DoubleRecurrent gathered = cell.makeDouble(true, false, false, UNITS, 0);
    double[] y = new double[ROWS * STEPS * UNITS];
    gathered.forward(x, kernel, recurrent, bias, mask, ROWS, y);
    double[][] expected = {
      y, new double[kernel.data.length], new double[recurrent.data.length], withBias ? new double[bias.length] : null,
      new double[table.data.length]
    };
    double[] dx = new double[x.length];
    gathered.backward(x, kernel, recurrent, mask, dy.clone(), ROWS, expected[1], expected[2], expected[3], dx, false);
    dev.nnet.runtime.kernel.Embedding.backward(ids, dx, ROWS * STEPS, vocabulary, FEATURES, expected[4]);

    DoubleRecurrent embedded = cell.makeDouble(true, false, false, UNITS, 0);
    double[][] actual = {
      new double[y.length], new double[kernel.data.length], new double[recurrent.data.length],
      withBias ? new double[bias.length] : null, new double[table.data.length]
    };
    embedded.forwardEmbedded(ids, table, kernel, recurrent, bias, mask, ROWS, actual[0]);
    embedded.backwardEmbedded(ids, table, kernel, recurrent, mask, dy.clone(), ROWS, actual[1], actual[2], actual[3],
        actual[4]);
    String[] names = {"output", "kernel gradient", "recurrent kernel gradient", "bias gradient", "table gradient"};
    for (int k = 0; k < names.length; k++) {
      if (expected[k] != null) {
        for (int i = 0; i < expected[k].length; i++) {
          assertEquals(expected[k][i], actual[k][i], 1e-12, names[k] + " " + i);
        }
      }
    }
  }

  /** Through the table, as through the gathered rows, an id that is not a row of the table is refused. */
  @ParameterizedTest(name = "id {0}")
  @CsvSource({"2.5", "-1", "4", "NaN"})
  void anIdOutsideTheTableIsRefused(double bad) {
    int gu = Cell.GRU.gates * UNITS;
    double[] ids = new double[ROWS * STEPS];
    ids[7] = bad;
    DoubleRecurrent gru = Cell.GRU.makeDouble(false, false, false, UNITS, 0);
    DMatrixRMaj table = DMatrixRMaj.wrap(4, FEATURES, random(4 * FEATURES, 1)); // 4 ids < 15 steps: the table
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> gru.forwardEmbedded(ids, table, DMatrixRMaj.wrap(FEATURES, gu, random(FEATURES * gu, 1)),
            DMatrixRMaj.wrap(UNITS, gu, random(UNITS * gu, 1)), null, null, ROWS, new double[ROWS * UNITS]));
  }

  private static float[] floats(double[] a) {
    float[] f = new float[a.length];
    for (int i = 0; i < a.length; i++) {
      f[i] = (float) a[i];
    }
    return f;
  }
}
