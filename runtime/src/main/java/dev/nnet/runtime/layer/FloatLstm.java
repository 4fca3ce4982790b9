package dev.nnet.runtime.layer;

import dev.nnet.runtime.kernel.GateFunctions;
import java.util.Arrays;

/**
 * A float32 LSTM, Keras' {@code LSTM}: gates i, f, c, o in Keras' order over a = x̂ + ĥ (x̂ = x·W + b,
 * ĥ = h_{t−1}·U), and a cell state c beside h:
 *
 * <pre>
 *   i = σ(a_i)   f = σ(a_f)   g = tanh(a_c)   o = σ(a_o)   c_t = f ⊙ c_{t−1} + i ⊙ g   h_t = o ⊙ tanh(c_t)
 * </pre>
 *
 * Backward, with dh and dc the gradients of h_t and c_t: do = dh·tanh(c_t)·o(1 − o), dc += dh·o·(1 − tanh²(c_t)),
 * di = dc·g·i(1 − i), df = dc·c_{t−1}·f(1 − f), dg = dc·i·(1 − g²), dc_{t−1} = dc·f; da is the gradient of both x̂
 * and ĥ, and dh_{t−1} = da·Uᵀ. A padded step leaves c as it leaves h. The steps around it are
 * {@link FloatRecurrent}'s.
 */
public final class FloatLstm extends FloatRecurrent {
  /** The cell state c, [rows, units]. */
  private float[] cell = new float[0];
  /** d(loss)/dc carried from step to step, [rows, units]. */
  private float[] cellGrad = new float[0];

  /** As {@link FloatGru#FloatGru}. */
  public FloatLstm(int steps, int features, int units, boolean returnSequences, boolean reverse,
      boolean zeroMaskedOutput, int outWidth, int outOffset) {
    // kept per step: i, f, g, o, tanh(c_t) and c_{t−1}
    super(steps, features, units, 4, 6 * units, returnSequences, reverse, zeroMaskedOutput, outWidth, outOffset);
  }

  @Override
  protected void resetState(int rows) {
    if (cell.length < rows * units) {
      cell = new float[rows * units];
    }
    Arrays.fill(cell, 0, rows * units, 0f);
  }

  @Override
  protected void resetStateGrad(int rows) {
    if (cellGrad.length < rows * units) {
      cellGrad = new float[rows * units];
    }
    Arrays.fill(cellGrad, 0, rows * units, 0f);
  }

  @Override
  protected void step(int b, float[] p, int pi, float[] rec, int ri, float[] h, int hi, float[] bias, int si) {
    float[] g = saved;
    for (int j = 0; j < gateUnits; j++) {
      g[si + j] = p[pi + j] + rec[ri + j];
    }
    GateFunctions.sigmoid(g, si, 2 * units);
    GateFunctions.tanh(g, si + 2 * units, units);
    GateFunctions.sigmoid(g, si + 3 * units, units);
    int ci = b * units;
    System.arraycopy(cell, ci, g, si + 5 * units, units);
    for (int j = 0; j < units; j++) {
      cell[ci + j] = g[si + units + j] * cell[ci + j] + g[si + j] * g[si + 2 * units + j];
      g[si + 4 * units + j] = cell[ci + j];
    }
    GateFunctions.tanh(g, si + 4 * units, units);
    for (int j = 0; j < units; j++) {
      h[hi + j] = g[si + 3 * units + j] * g[si + 4 * units + j];
    }
  }

  @Override
  protected void stepBackward(int b, float[] dh, int hi, float[] hp, int pv, int si, float[] dp, int pi, float[] dr,
      int ri) {
    float[] g = saved;
    int ci = b * units;
    for (int j = 0; j < units; j++) {
      float i = g[si + j];
      float f = g[si + units + j];
      float c = g[si + 2 * units + j];
      float o = g[si + 3 * units + j];
      float tc = g[si + 4 * units + j];
      float cp = g[si + 5 * units + j];
      float d = dh[hi + j];
      float dc = cellGrad[ci + j] + d * o * (1f - tc * tc);
      float di = dc * c * i * (1f - i);
      float df = dc * cp * f * (1f - f);
      float dg = dc * i * (1f - c * c);
      float dout = d * tc * o * (1f - o);
      cellGrad[ci + j] = dc * f;
      dp[pi + j] = di;
      dp[pi + units + j] = df;
      dp[pi + 2 * units + j] = dg;
      dp[pi + 3 * units + j] = dout;
      dr[ri + j] = di;
      dr[ri + units + j] = df;
      dr[ri + 2 * units + j] = dg;
      dr[ri + 3 * units + j] = dout;
      dh[hi + j] = 0f;
    }
  }
}
