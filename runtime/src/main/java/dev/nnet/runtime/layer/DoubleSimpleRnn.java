package dev.nnet.runtime.layer;

import dev.nnet.runtime.kernel.GateFunctions;

// float32 twin: generated from this file by runtime/src/build/GenerateFloat32.java
/**
 * A float64 simple RNN, Keras' {@code SimpleRNN}: h_t = tanh(x̂ + ĥ), x̂ = x·W + b, ĥ = h_{t−1}·U. Backward:
 * da = dh·(1 − h_t²), which is the gradient of both x̂ and ĥ. The steps around it are {@link DoubleRecurrent}'s.
 */
public final class DoubleSimpleRnn extends DoubleRecurrent {
  /** As {@link DoubleGru#DoubleGru}. */
  public DoubleSimpleRnn(int steps, int features, int units, boolean returnSequences, boolean reverse,
      boolean zeroMaskedOutput, int outWidth, int outOffset) {
    // kept per step: h_t
    super(steps, features, units, 1, units, returnSequences, reverse, zeroMaskedOutput, outWidth, outOffset);
  }

  @Override
  protected void step(int b, double[] p, int pi, double[] rec, int ri, double[] bias, double[] h, int hi, int si) {
    for (int j = 0; j < units; j++) {
      saved[si + j] = p[pi + j] + rec[ri + j];
    }
    GateFunctions.tanhEquals(saved, si, units);
    System.arraycopy(saved, si, h, hi, units);
  }

  @Override
  protected void stepBackward(int b, double[] hp, int pv, int si, double[] dh, int hi, double[] dp, int pi, double[] dr,
      int ri) {
    for (int j = 0; j < units; j++) {
      double y = saved[si + j];
      double da = dh[hi + j] * (1.0 - y * y);
      dp[pi + j] = da;
      dr[ri + j] = da;
      dh[hi + j] = 0.0;
    }
  }
}
