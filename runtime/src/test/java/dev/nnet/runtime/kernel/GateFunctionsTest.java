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

  /**
   * Whole vectors give the scalar polynomials' exact bits, so a seeded run does not depend on the vector width or on
   * whether the JIT has compiled the Vector API loop yet (the Vector API's own EXP differs between the two).
   */
  @Test
  void vectorsGiveTheScalarFunctionsBits() {
    assertThat(GateFunctions.VECTOR).as("Surefire runs with the Vector API").isTrue();
    java.util.Random random = new java.util.Random(7);
    float[] specials = {0f, -0f, 0.625f, -0.625f, Math.nextDown(0.625f), -Math.nextDown(0.625f), 87f, -87f, 88f,
        -88f, 1e-30f, -1e-30f, Float.MIN_VALUE, Float.MAX_VALUE, -Float.MAX_VALUE, Float.POSITIVE_INFINITY,
        Float.NEGATIVE_INFINITY, Float.NaN, 0.5f, -0.5f, 43.5f, -43.5f};
    int n = 1 << 16;
    float[] x = new float[n + specials.length];
    System.arraycopy(specials, 0, x, 0, specials.length); // first, so that they fall in whole vectors
    for (int i = specials.length; i < x.length; i++) {
      x[i] = (float) ((random.nextDouble() * 2 - 1) * (i % 3 == 0 ? 100 : i % 3 == 1 ? 8 : 1));
    }
    for (boolean sigmoid : new boolean[] {true, false}) {
      float[] vector = x.clone();
      float[] scalar = x.clone();
      int done = sigmoid ? VectorGates.sigmoid(vector, 0, x.length) : VectorGates.tanh(vector, 0, x.length);
      if (sigmoid) {
        GateFunctions.scalarSigmoid(scalar, 0, x.length);
      } else {
        GateFunctions.scalarTanh(scalar, 0, x.length);
      }
      assertThat(done).isGreaterThan(x.length - 64);
      for (int i = 0; i < done; i++) {
        String what = (sigmoid ? "sigmoid(" : "tanh(") + x[i] + ")";
        if (Float.isNaN(scalar[i])) {
          assertTrue(Float.isNaN(vector[i]), what);
        } else {
          assertEquals(Float.floatToRawIntBits(scalar[i]), Float.floatToRawIntBits(vector[i]), what);
        }
      }
    }
  }

  /**
   * Softmax's exponentials (arguments x − max ≤ 0): within a few ulps of Math.exp down to −87, and the Vector API's
   * lanes with the scalar function's bits, tails included.
   */
  @Test
  void expIsWithinAFewUlpsAndVectorsGiveTheScalarBits() {
    assertThat(GateFunctions.VECTOR).as("Surefire runs with the Vector API").isTrue();
    int n = 250_007; // whole vectors and a tail
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = -87f * i / (n - 1);
    }
    float[] e = x.clone();
    GateFunctions.expEquals(e, 0, n);
    double worst = 0;
    for (int i = 0; i < n; i++) {
      worst = Math.max(worst, ulps(e[i], Math.exp(x[i])));
      assertEquals(
          Float.floatToRawIntBits(GateFunctions.exp(x[i])), Float.floatToRawIntBits(e[i]), "exp(" + x[i] + ")");
    }
    assertTrue(worst <= 4, "exp: " + worst + " ulps");
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
