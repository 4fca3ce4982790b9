package dev.nnet.runtime.layer;

import dev.nnet.runtime.kernel.GateFunctions;

// float32 twin: generated from this file by runtime/src/build/GenerateFloat32.java
/**
 * A float64 GRU, Keras' {@code GRU} with {@code reset_after = true} (its default since TensorFlow 2): gates z, r
 * and the candidate h̃ in Keras' order, the bias [2, 3·units], row 0 added to x·W (x̂), row 1 to h·U (ĥ):
 *
 * <pre>
 *   z = σ(x̂_z + ĥ_z)   r = σ(x̂_r + ĥ_r)   h̃ = tanh(x̂_h + r ⊙ ĥ_h)   h_t = z ⊙ h_{t−1} + (1 − z) ⊙ h̃
 * </pre>
 *
 * Backward, with dh the gradient of h_t: dz = dh·(h_{t−1} − h̃)·z(1 − z), dh̃ = dh·(1 − z)·(1 − h̃²),
 * dr = dh̃·ĥ_h·r(1 − r), dĥ_h = dh̃·r, and dh_{t−1} = dh·z + dĥ·Uᵀ. The steps around it are {@link DoubleRecurrent}'s.
 */
public final class DoubleGru extends DoubleRecurrent {
  /**
   * A GRU over sequences of {@code steps} × {@code features} with {@code units} units, writing its output at column
   * {@code outOffset} of an output {@code outWidth} wide per step ({@code units} and 0 for a plain layer).
   */
  public DoubleGru(int steps, int features, int units, boolean returnSequences, boolean reverse,
      boolean zeroMaskedOutput, int outWidth, int outOffset) {
    // kept per step: z, r, h̃ and ĥ_h with its bias
    super(steps, features, units, 3, 4 * units, returnSequences, reverse, zeroMaskedOutput, outWidth, outOffset);
  }

  @Override
  protected void step(int b, double[] p, int pi, double[] rec, int ri, double[] bias, double[] h, int hi, int si) {
    double[] g = saved;
    for (int j = 0; j < 2 * units; j++) {
      g[si + j] = p[pi + j] + rec[ri + j] + (bias == null ? 0.0 : bias[gateUnits + j]);
    }
    GateFunctions.sigmoidEquals(g, si, 2 * units);
    for (int j = 0; j < units; j++) {
      double rh = rec[ri + 2 * units + j] + (bias == null ? 0.0 : bias[gateUnits + 2 * units + j]);
      g[si + 3 * units + j] = rh;
      g[si + 2 * units + j] = p[pi + 2 * units + j] + g[si + units + j] * rh;
    }
    GateFunctions.tanhEquals(g, si + 2 * units, units);
    for (int j = 0; j < units; j++) {
      double z = g[si + j];
      h[hi + j] = z * h[hi + j] + (1.0 - z) * g[si + 2 * units + j];
    }
  }

  @Override
  protected void stepBackward(int b, double[] hp, int pv, int si, double[] dh, int hi, double[] dp, int pi, double[] dr,
      int ri) {
    double[] g = saved;
    for (int j = 0; j < units; j++) {
      double z = g[si + j];
      double r = g[si + units + j];
      double hh = g[si + 2 * units + j];
      double rh = g[si + 3 * units + j];
      double d = dh[hi + j];
      double dz = d * (hp[pv + j] - hh) * z * (1.0 - z);
      double dhh = d * (1.0 - z) * (1.0 - hh * hh);
      double drr = dhh * rh * r * (1.0 - r);
      dp[pi + j] = dz;
      dp[pi + units + j] = drr;
      dp[pi + 2 * units + j] = dhh;
      dr[ri + j] = dz;
      dr[ri + units + j] = drr;
      dr[ri + 2 * units + j] = dhh * r;
      dh[hi + j] = d * z;
    }
  }
}
