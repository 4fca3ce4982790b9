package dev.nnet.runtime.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The float gate functions against Math.exp and Math.tanh in double, over the whole range a gate sees: the scalar
 * polynomials alone, and the public methods, which in this JVM (Surefire adds the Vector API) run whole vectors
 * through VectorGates.
 */
class GateFunctionsTest {
  /** Units in the last place of the float rounding of the exact value. */
  private static double ulps(float got, double exact) {
    return Math.abs(got - exact) / Math.ulp((float) exact);
  }

  @Test
  void theScalarPolynomialsAreWithinAFewUlps() {
    assertWithinFewUlps(GateFunctions::scalarSigmoid, GateFunctions::scalarTanh);
  }

  @Test
  void thePublicFunctionsAreWithinAFewUlpsOnVectorsAndTails() {
    assertThat(GateFunctions.VECTOR).as("Surefire runs with the Vector API").isTrue();
    assertWithinFewUlps((v, from, end) -> GateFunctions.sigmoidEquals(v, from, end - from),
        (v, from, end) -> GateFunctions.tanhEquals(v, from, end - from));
  }

  interface Range {
    void apply(float[] v, int from, int end);
  }

  /** Runs both over 246,000 points from −90 to 90 in blocks of 37 (whole vectors and a tail each). */
  private static void assertWithinFewUlps(Range sigmoid, Range tanh) {
    double worstSigmoid = 0;
    double worstTanh = 0;
    int block = 37;
    float[] s = new float[block];
    float[] t = new float[block];
    for (double x0 = -90; x0 <= 90; x0 += block * 0.000731) {
      for (int i = 0; i < block; i++) {
        s[i] = t[i] = (float) (x0 + i * 0.000731);
      }
      float[] x = s.clone();
      sigmoid.apply(s, 0, block);
      tanh.apply(t, 0, block);
      for (int i = 0; i < block; i++) {
        double exact = 1 / (1 + Math.exp(-(double) x[i]));
        if (exact >= Float.MIN_NORMAL && x[i] >= -87) {
          worstSigmoid = Math.max(worstSigmoid, ulps(s[i], exact));
        }
        worstTanh = Math.max(worstTanh, ulps(t[i], Math.tanh(x[i])));
      }
    }
    assertTrue(worstSigmoid <= 4, "sigmoid: " + worstSigmoid + " ulps");
    assertTrue(worstTanh <= 4, "tanh: " + worstTanh + " ulps");
  }

  @Test
  void tinyTanhKeepsItsRelativePrecisionAndTailsStayNormal() {
    float[] v = {1e-6f, -3e-20f, 0f, -0f, 200f, -200f, Float.NaN, 0.3f, -0.3f, 5f, -5f, 0.7f, -0.7f, 1f, 2f, 3f, 4f};
    GateFunctions.tanhEquals(v, 0, v.length);
    assertEquals(1e-6f, v[0], Math.ulp(1e-6f));
    assertEquals(-3e-20f, v[1], Math.ulp(3e-20f));
    assertEquals(0f, v[2]);
    assertEquals(1f, v[4]);
    assertEquals(-1f, v[5]);
    assertTrue(Float.isNaN(v[6]));
    float[] s = {-1000f, 1000f, Float.NaN, -100f, -90f, -88f, 0f, 1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f, 9f, 10f};
    GateFunctions.sigmoidEquals(s, 0, s.length);
    assertTrue(s[0] >= Float.MIN_NORMAL && s[0] < 2e-38f, "far tail: " + s[0]);
    assertEquals(1f, s[1]);
    assertTrue(Float.isNaN(s[2]));
    for (int i = 3; i < 6; i++) {
      assertTrue(s[i] >= Float.MIN_NORMAL && s[i] < 2e-38f, "far tail " + i + ": " + s[i]);
    }
  }
}
