package dev.nnet.runtime.layer;

import dev.nnet.runtime.kernel.GateFunctions;

/**
 * A float32 simple RNN, Keras' {@code SimpleRNN}: h_t = tanh(x̂ + ĥ), x̂ = x·W + b, ĥ = h_{t−1}·U. Backward:
 * da = dh·(1 − h_t²), which is the gradient of both x̂ and ĥ. The steps around it are {@link FloatRecurrent}'s.
 */
public final class FloatSimpleRnn extends FloatRecurrent {
  /** As {@link FloatGru#FloatGru}. */
  public FloatSimpleRnn(int steps, int features, int units, boolean returnSequences, boolean reverse,
      boolean zeroMaskedOutput, int outWidth, int outOffset) {
    // kept per step: h_t
    super(steps, features, units, 1, units, returnSequences, reverse, zeroMaskedOutput, outWidth, outOffset);
  }

  @Override
  protected void step(int b, float[] p, int pi, float[] rec, int ri, float[] h, int hi, float[] bias, int si) {
    for (int j = 0; j < units; j++) {
      saved[si + j] = p[pi + j] + rec[ri + j];
    }
    GateFunctions.tanh(saved, si, units);
    System.arraycopy(saved, si, h, hi, units);
  }

  @Override
  protected void stepBackward(int b, float[] dh, int hi, float[] hp, int pv, int si, float[] dp, int pi, float[] dr,
      int ri) {
    for (int j = 0; j < units; j++) {
      float y = saved[si + j];
      float da = dh[hi + j] * (1f - y * y);
      dp[pi + j] = da;
      dr[ri + j] = da;
      dh[hi + j] = 0f;
    }
  }
}
