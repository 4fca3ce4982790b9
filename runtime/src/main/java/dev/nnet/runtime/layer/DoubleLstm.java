package dev.nnet.runtime.layer;

import dev.nnet.runtime.kernel.GateFunctions;
import java.util.Arrays;

// float32 twin: generated from this file by runtime/src/build/GenerateFloat32.java
/**
 * A float64 LSTM, Keras' {@code LSTM}: gates i, f, c, o in Keras' order over a = x̂ + ĥ (x̂ = x·W + b,
 * ĥ = h_{t−1}·U), and a cell state c beside h:
 *
 * <pre>
 *   i = σ(a_i)   f = σ(a_f)   g = tanh(a_c)   o = σ(a_o)   c_t = f ⊙ c_{t−1} + i ⊙ g   h_t = o ⊙ tanh(c_t)
 * </pre>
 *
 * Backward, with dh and dc the gradients of h_t and c_t: do = dh·tanh(c_t)·o(1 − o), dc += dh·o·(1 − tanh²(c_t)),
 * di = dc·g·i(1 − i), df = dc·c_{t−1}·f(1 − f), dg = dc·i·(1 − g²), dc_{t−1} = dc·f; da is the gradient of both x̂
 * and ĥ, and dh_{t−1} = da·Uᵀ. A padded step leaves c as it leaves h. The steps around it are
 * {@link DoubleRecurrent}'s.
 */
public final class DoubleLstm extends DoubleRecurrent {
  /** The cell state c, [rows, units]. */
  private double[] cell = new double[0];
  /** d(loss)/dc carried from step to step, [rows, units]. */
  private double[] cellGrad = new double[0];

  /** As {@link DoubleGru#DoubleGru}. */
  public DoubleLstm(int steps, int features, int units, boolean returnSequences, boolean reverse,
      boolean zeroMaskedOutput, int outWidth, int outOffset) {
    // kept per step: i, f, g, o, tanh(c_t) and c_{t−1}
    super(steps, features, units, 4, 6 * units, returnSequences, reverse, zeroMaskedOutput, outWidth, outOffset);
  }

  @Override
  protected void resetState(int rows) {
    if (cell.length < rows * units) {
      cell = new double[rows * units];
    }
    Arrays.fill(cell, 0, rows * units, 0.0);
  }

  @Override
  protected void resetStateGrad(int rows) {
    if (cellGrad.length < rows * units) {
      cellGrad = new double[rows * units];
    }
    Arrays.fill(cellGrad, 0, rows * units, 0.0);
  }

  @Override
  protected void step(int b, double[] p, int pi, double[] rec, int ri, double[] bias, double[] h, int hi, int si) {
    double[] g = saved;
    for (int j = 0; j < gateUnits; j++) {
      g[si + j] = p[pi + j] + rec[ri + j];
    }
    GateFunctions.sigmoidEquals(g, si, 2 * units);
    GateFunctions.tanhEquals(g, si + 2 * units, units);
    GateFunctions.sigmoidEquals(g, si + 3 * units, units);
    int ci = b * units;
    System.arraycopy(cell, ci, g, si + 5 * units, units);
    for (int j = 0; j < units; j++) {
      cell[ci + j] = g[si + units + j] * cell[ci + j] + g[si + j] * g[si + 2 * units + j];
      g[si + 4 * units + j] = cell[ci + j];
    }
    GateFunctions.tanhEquals(g, si + 4 * units, units);
    for (int j = 0; j < units; j++) {
      h[hi + j] = g[si + 3 * units + j] * g[si + 4 * units + j];
    }
  }

  @Override
  protected void stepBackward(int b, double[] hp, int pv, int si, double[] dh, int hi, double[] dp, int pi, double[] dr,
      int ri) {
    double[] g = saved;
    int ci = b * units;
    for (int j = 0; j < units; j++) {
      double i = g[si + j];
      double f = g[si + units + j];
      double c = g[si + 2 * units + j];
      double o = g[si + 3 * units + j];
      double tc = g[si + 4 * units + j];
      double cp = g[si + 5 * units + j];
      double d = dh[hi + j];
      double dc = cellGrad[ci + j] + d * o * (1.0 - tc * tc);
      double di = dc * c * i * (1.0 - i);
      double df = dc * cp * f * (1.0 - f);
      double dg = dc * i * (1.0 - c * c);
      double dout = d * tc * o * (1.0 - o);
      cellGrad[ci + j] = dc * f;
      dp[pi + j] = di;
      dp[pi + units + j] = df;
      dp[pi + 2 * units + j] = dg;
      dp[pi + 3 * units + j] = dout;
      dr[ri + j] = di;
      dr[ri + units + j] = df;
      dr[ri + 2 * units + j] = dg;
      dr[ri + 3 * units + j] = dout;
      dh[hi + j] = 0.0;
    }
  }
}
