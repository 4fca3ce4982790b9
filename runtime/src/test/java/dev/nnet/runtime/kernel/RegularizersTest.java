package dev.nnet.runtime.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RegularizersTest {
  @Test
  void l2PenaltyAndItsGradientAddToWhatIsThere() {
    double[] w = {1, -2, 0.5};
    assertThat(Regularizers.l2Penalty(w, 0.1)).isCloseTo(0.1 * 5.25, within(1e-15));
    assertThat(Regularizers.l2Penalty(new float[] {1, -2, 0.5f}, 0.1)).isCloseTo(0.1 * 5.25, within(1e-7));
    double[] dw = {1, 1, 1};
    Regularizers.l2PenaltyBackward(w, 0.1, dw);
    assertThat(dw).containsExactly(1.2, 0.6, 1.1);
    float[] dwf = {1, 1, 1};
    Regularizers.l2PenaltyBackward(new float[] {1, -2, 0.5f}, 0.1, dwf);
    assertThat(dwf).containsExactly(1.2f, 0.6f, 1.1f);
  }
}
