package dev.nnet.runtime.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The float gate functions against Math.exp and Math.tanh in double, over the whole range a gate sees. */
class GateFunctionsTest {
  /** Units in the last place of the float rounding of the exact value. */
  private static double ulps(float got, double exact) {
    return Math.abs(got - exact) / Math.ulp((float) exact);
  }

  @Test
  void sigmoidAndTanhAreWithinAFewUlps() {
    double worstSigmoid = 0;
    double worstTanh = 0;
    float[] v = new float[1];
    for (double x = -90; x <= 90; x += 0.000731) {
      v[0] = (float) x;
      double xf = v[0];
      GateFunctions.sigmoid(v, 0, 1);
      double sigmoid = 1 / (1 + Math.exp(-xf));
      if (sigmoid >= Float.MIN_NORMAL && xf >= -87) {
        worstSigmoid = Math.max(worstSigmoid, ulps(v[0], sigmoid));
      }
      v[0] = (float) x;
      GateFunctions.tanh(v, 0, 1);
      worstTanh = Math.max(worstTanh, ulps(v[0], Math.tanh(xf)));
    }
    assertTrue(worstSigmoid <= 4, "sigmoid: " + worstSigmoid + " ulps");
    assertTrue(worstTanh <= 4, "tanh: " + worstTanh + " ulps");
  }

  @Test
  void tinyTanhKeepsItsRelativePrecisionAndTailsStayNormal() {
    float[] v = {1e-6f, -3e-20f, 0f, -0f, 200f, -200f, Float.NaN};
    GateFunctions.tanh(v, 0, v.length);
    assertEquals(1e-6f, v[0], Math.ulp(1e-6f));
    assertEquals(-3e-20f, v[1], Math.ulp(3e-20f));
    assertEquals(0f, v[2]);
    assertEquals(1f, v[4]);
    assertEquals(-1f, v[5]);
    assertTrue(Float.isNaN(v[6]));
    float[] s = {-1000f, 1000f, Float.NaN};
    GateFunctions.sigmoid(s, 0, s.length);
    assertTrue(s[0] >= Float.MIN_NORMAL && s[0] < 2e-38f, "far tail: " + s[0]);
    assertEquals(1f, s[1]);
    assertTrue(Float.isNaN(s[2]));
  }
}
