package dev.nnet.runtime.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.nnet.runtime.Rng;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ActivationsTest {
  /** Each activation's reference formula, written plainly, and how the kernels are called. */
  enum Kind {
    RELU(x -> Math.max(0, x)),
    LEAKY_RELU(x -> x > 0 ? x : 0.3 * x),
    ELU(x -> x > 0 ? x : 0.7 * (Math.exp(x) - 1)),
    SIGMOID(x -> 1 / (1 + Math.exp(-x))),
    TANH(Math::tanh),
    SOFTPLUS(x -> Math.log(1 + Math.exp(x))),
    SWISH(x -> x / (1 + Math.exp(-x))),
    MISH(x -> x * Math.tanh(Math.log(1 + Math.exp(x)))),
    GELU(x -> 0.5 * x * (1 + erfReference(x / Math.sqrt(2))));

    final DoubleUnaryOperator f;

    Kind(DoubleUnaryOperator f) {
      this.f = f;
    }

    void forward(double[] x, double[] y, int from, int n) {
      switch (this) {
        case RELU -> Activations.relu(x, y, from, n);
        case LEAKY_RELU -> Activations.leakyRelu(x, y, from, n, 0.3);
        case ELU -> Activations.elu(x, y, from, n, 0.7);
        case SIGMOID -> Activations.sigmoid(x, y, from, n);
        case TANH -> Activations.tanh(x, y, from, n);
        case SOFTPLUS -> Activations.softplus(x, y, from, n);
        case SWISH -> Activations.swish(x, y, from, n);
        case MISH -> Activations.mish(x, y, from, n);
        case GELU -> Activations.gelu(x, y, from, n);
      }
    }

    void forward(float[] x, float[] y, int from, int n) {
      switch (this) {
        case RELU -> Activations.relu(x, y, from, n);
        case LEAKY_RELU -> Activations.leakyRelu(x, y, from, n, 0.3);
        case ELU -> Activations.elu(x, y, from, n, 0.7);
        case SIGMOID -> Activations.sigmoid(x, y, from, n);
        case TANH -> Activations.tanh(x, y, from, n);
        case SOFTPLUS -> Activations.softplus(x, y, from, n);
        case SWISH -> Activations.swish(x, y, from, n);
        case MISH -> Activations.mish(x, y, from, n);
        case GELU -> Activations.gelu(x, y, from, n);
      }
    }

    /** Backward from x or y, whichever the kernel takes. */
    void backward(double[] x, double[] y, double[] dy, double[] dx, int from, int n) {
      switch (this) {
        case RELU -> Activations.reluBackward(y, dy, dx, from, n);
        case LEAKY_RELU -> Activations.leakyReluBackward(y, dy, dx, from, n, 0.3);
        case ELU -> Activations.eluBackward(y, dy, dx, from, n, 0.7);
        case SIGMOID -> Activations.sigmoidBackward(y, dy, dx, from, n);
        case TANH -> Activations.tanhBackward(y, dy, dx, from, n);
        case SOFTPLUS -> Activations.softplusBackward(y, dy, dx, from, n);
        case SWISH -> Activations.swishBackward(x, dy, dx, from, n);
        case MISH -> Activations.mishBackward(x, dy, dx, from, n);
        case GELU -> Activations.geluBackward(x, dy, dx, from, n);
      }
    }

    void backward(float[] x, float[] y, float[] dy, float[] dx, int from, int n) {
      switch (this) {
        case RELU -> Activations.reluBackward(y, dy, dx, from, n);
        case LEAKY_RELU -> Activations.leakyReluBackward(y, dy, dx, from, n, 0.3);
        case ELU -> Activations.eluBackward(y, dy, dx, from, n, 0.7);
        case SIGMOID -> Activations.sigmoidBackward(y, dy, dx, from, n);
        case TANH -> Activations.tanhBackward(y, dy, dx, from, n);
        case SOFTPLUS -> Activations.softplusBackward(y, dy, dx, from, n);
        case SWISH -> Activations.swishBackward(x, dy, dx, from, n);
        case MISH -> Activations.mishBackward(x, dy, dx, from, n);
        case GELU -> Activations.geluBackward(x, dy, dx, from, n);
      }
    }
  }

  /** erf by the Taylor series around 0, plenty accurate for |z| <= 3 when summed in order. */
  static double erfReference(double z) {
    double sum = 0;
    double term = z;
    for (int k = 0; k < 120; k++) {
      sum += term / (2 * k + 1);
      term *= -z * z / (k + 1);
    }
    return 2 / Math.sqrt(Math.PI) * sum;
  }

  /** Inputs in [−3, 3], kept away from the kinks at 0. */
  static double[] inputs(int n, long seed) {
    Rng rng = new Rng(seed);
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      double v = 6 * rng.nextDouble() - 3;
      x[i] = Math.abs(v) < 0.01 ? 0.5 : v;
    }
    return x;
  }

  /**
   * A range [from, from + n), as a convolution's part applies it to one chunk: the same values as a pass over the
   * whole array there, and nothing written outside it.
   */
  @ParameterizedTest
  @EnumSource(Kind.class)
  void aRangeIsComputedAsInAWholePassAndNothingElseIsWritten(Kind kind) {
    int from = 13;
    int n = 17;
    double[] x = inputs(40, 3);
    double[] dy = inputs(40, 4);
    double[] whole = new double[40];
    double[] wholeDx = new double[40];
    kind.forward(x, whole, 0, 40);
    kind.backward(x, whole, dy, wholeDx, 0, 40);
    double[] y = new double[40];
    double[] dx = new double[40];
    java.util.Arrays.fill(y, 7);
    java.util.Arrays.fill(dx, 7);
    kind.forward(x, y, from, n);
    kind.backward(x, y, dy, dx, from, n);
    float[] xf = new float[40];
    float[] dyf = new float[40];
    for (int i = 0; i < 40; i++) {
      xf[i] = (float) x[i];
      dyf[i] = (float) dy[i];
    }
    float[] wholeF = new float[40];
    float[] wholeDxF = new float[40];
    kind.forward(xf, wholeF, 0, 40);
    kind.backward(xf, wholeF, dyf, wholeDxF, 0, 40);
    float[] yf = new float[40];
    float[] dxf = new float[40];
    java.util.Arrays.fill(yf, 7f);
    java.util.Arrays.fill(dxf, 7f);
    kind.forward(xf, yf, from, n);
    kind.backward(xf, yf, dyf, dxf, from, n);
    for (int i = 0; i < 40; i++) {
      boolean inside = i >= from && i < from + n;
      assertThat(y[i]).as("y[%d]", i).isEqualTo(inside ? whole[i] : 7);
      assertThat(dx[i]).as("dx[%d]", i).isEqualTo(inside ? wholeDx[i] : 7);
      assertThat(yf[i]).as("float y[%d]", i).isEqualTo(inside ? wholeF[i] : 7f);
      assertThat(dxf[i]).as("float dx[%d]", i).isEqualTo(inside ? wholeDxF[i] : 7f);
    }
  }

  @Test
  void softmaxOverRowsFromAnOffset() {
    double[] x = inputs(12, 5);
    double[] dy = inputs(12, 6);
    double[] whole = new double[12];
    double[] wholeDx = new double[12];
    Activations.softmax(x, whole, 0, 4, 3);
    Activations.softmaxBackward(whole, dy, wholeDx, 0, 4, 3);
    double[] y = new double[12];
    double[] dx = new double[12];
    java.util.Arrays.fill(y, 7);
    java.util.Arrays.fill(dx, 7);
    Activations.softmax(x, y, 3, 2, 3); // rows 1 and 2
    Activations.softmaxBackward(y, dy, dx, 3, 2, 3);
    for (int i = 0; i < 12; i++) {
      boolean inside = i >= 3 && i < 9;
      assertThat(y[i]).as("y[%d]", i).isEqualTo(inside ? whole[i] : 7);
      assertThat(dx[i]).as("dx[%d]", i).isEqualTo(inside ? wholeDx[i] : 7);
    }
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void forwardMatchesReferenceInBothPrecisionsAndInPlace(Kind kind) {
    double[] x = inputs(200, 1);
    double[] y = new double[200];
    kind.forward(x, y, 0, 200);
    float[] xf = new float[200];
    for (int i = 0; i < 200; i++) {
      assertThat(y[i]).as("%s(%s)", kind, x[i]).isCloseTo(kind.f.applyAsDouble(x[i]), within(1e-12));
      xf[i] = (float) x[i];
    }
    float[] yf = new float[200];
    kind.forward(xf, yf, 0, 200);
    for (int i = 0; i < 200; i++) {
      assertThat((double) yf[i]).isCloseTo(kind.f.applyAsDouble(xf[i]), within(1e-6));
    }
    kind.forward(xf, xf, 0, 200);
    assertThat(xf).containsExactly(yf);
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void backwardIsTheDerivativeTimesTheIncomingGradient(Kind kind) {
    double[] x = inputs(200, 2);
    double[] y = new double[200];
    kind.forward(x, y, 0, 200);
    double[] dy = inputs(200, 3);
    double[] dx = new double[200];
    kind.backward(x, y, dy, dx, 0, 200);
    double h = 1e-6;
    for (int i = 0; i < 200; i++) {
      double numeric = (kind.f.applyAsDouble(x[i] + h) - kind.f.applyAsDouble(x[i] - h)) / (2 * h);
      assertThat(dx[i]).as("%s'(%s)", kind, x[i]).isCloseTo(dy[i] * numeric, within(1e-7));
    }
    float[] xf = new float[200];
    float[] yf = new float[200];
    float[] dyf = new float[200];
    for (int i = 0; i < 200; i++) {
      xf[i] = (float) x[i];
      dyf[i] = (float) dy[i];
    }
    kind.forward(xf, yf, 0, 200);
    kind.backward(xf, yf, dyf, dyf, 0, 200); // in place of dy
    for (int i = 0; i < 200; i++) {
      assertThat((double) dyf[i]).isCloseTo(dx[i], within(1e-4));
    }
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void emptyAndPartialRangesTouchNothingBeyondN(Kind kind) {
    double[] x = {1, 2, 3};
    double[] y = {7, 7, 7};
    kind.forward(x, y, 0, 0);
    assertThat(y).containsExactly(7, 7, 7);
    kind.forward(x, y, 0, 2);
    assertThat(y[2]).isEqualTo(7);
  }

  @Test
  void extremeInputsStayFinite() {
    double[] x = {-800, -40, 40, 800};
    for (Kind kind : Kind.values()) {
      double[] y = new double[4];
      double[] dx = new double[4];
      kind.forward(x, y, 0, 4);
      kind.backward(x, y, new double[] {1, 1, 1, 1}, dx, 0, 4);
      assertThat(java.util.Arrays.stream(y)).as("%s", kind).allMatch(Double::isFinite);
      assertThat(java.util.Arrays.stream(dx)).as("%s'", kind).allMatch(Double::isFinite);
    }
    double[] s = new double[4];
    Activations.sigmoid(x, s, 0, 4);
    assertThat(s[0]).isZero();
    assertThat(s[3]).isEqualTo(1);
  }

  @Test
  void reluIsBranchFreeButBitForBitTheComparison() {
    // the kernels use a bit mask; every kind of float must come out as `x > 0 ? x : +0` and `y > 0 ? dy : +0`
    float[] specials = {0f, -0f, 1f, -1f, Float.MIN_VALUE, -Float.MIN_VALUE, Float.MIN_NORMAL, Float.MAX_VALUE,
        -Float.MAX_VALUE, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN,
        Float.intBitsToFloat(0xffc00000), Float.intBitsToFloat(0x7f800001), Float.intBitsToFloat(0xffffffff)};
    float[] y = new float[specials.length];
    float[] dx = new float[specials.length];
    float[] dy = new float[specials.length];
    java.util.Arrays.fill(dy, 2.5f);
    Activations.relu(specials, y, 0, specials.length);
    Activations.reluBackward(specials, dy, dx, 0, specials.length);
    for (int i = 0; i < specials.length; i++) {
      float x = specials[i];
      assertThat(Float.floatToRawIntBits(y[i])).as("relu(%s)", x).isEqualTo(Float.floatToRawIntBits(x > 0 ? x : 0f));
      assertThat(dx[i]).as("relu'(%s)", x).isEqualTo(x > 0 ? 2.5f : 0f);
    }
    double[] specialsD = {0.0, -0.0, 1.0, -1.0, Double.MIN_VALUE, -Double.MIN_VALUE, Double.MAX_VALUE,
        -Double.MAX_VALUE, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN,
        Double.longBitsToDouble(0xfff8000000000000L), Double.longBitsToDouble(0x7ff0000000000001L),
        Double.longBitsToDouble(-1L)};
    double[] yD = new double[specialsD.length];
    double[] dxD = new double[specialsD.length];
    double[] dyD = new double[specialsD.length];
    java.util.Arrays.fill(dyD, -3.0);
    Activations.relu(specialsD, yD, 0, specialsD.length);
    Activations.reluBackward(specialsD, dyD, dxD, 0, specialsD.length);
    for (int i = 0; i < specialsD.length; i++) {
      double x = specialsD[i];
      assertThat(Double.doubleToRawLongBits(yD[i])).as("relu(%s)", x)
          .isEqualTo(Double.doubleToRawLongBits(x > 0 ? x : 0.0));
      assertThat(dxD[i]).as("relu'(%s)", x).isEqualTo(x > 0 ? -3.0 : 0.0);
    }
  }

  /**
   * The float32 paths' tanh, eˣ − 1 and log(1 + u) through exp and log: within 1e-13 (relative) of the fdlibm
   * functions across the switch to their series and far from it, exact at the special values, and the tanh, elu
   * and softplus kernels give within one ulp of the float64 formula rounded (in practice, the same float).
   */
  @Test
  void theFloatPathsFunctionsThroughExpAndLogMatchFdlibm() {
    Rng rng = new Rng(17);
    for (int i = 0; i < 200_000; i++) {
      // magnitudes from 2^-30 to 2^5, both signs: every branch, and many values near the 2^-10 switch
      double x = Math.scalb(1 + rng.nextDouble(), -30 + (int) (rng.nextDouble() * 35)) * (i % 2 == 0 ? 1 : -1);
      assertThat(ActivationMath.tanhByExp(x)).as("tanh(%s)", x).isCloseTo(Math.tanh(x), within(1e-13 * Math.abs(Math.tanh(x))));
      assertThat(ActivationMath.expm1ByExp(x)).as("expm1(%s)", x)
          .isCloseTo(Math.expm1(x), within(1e-13 * Math.abs(Math.expm1(x))));
      double u = Math.abs(x) / 32; // log(1 + u) is used for u = e^-|x| in (0, 1]
      assertThat(ActivationMath.log1pByLog(u)).as("log1p(%s)", u).isCloseTo(Math.log1p(u), within(1e-13 * Math.log1p(u)));
    }
    assertThat(ActivationMath.tanhByExp(-0.0)).isEqualTo(-0.0);
    assertThat(ActivationMath.tanhByExp(1e300)).isEqualTo(1.0);
    assertThat(ActivationMath.tanhByExp(Double.NEGATIVE_INFINITY)).isEqualTo(-1.0);
    assertThat(ActivationMath.tanhByExp(Double.NaN)).isNaN();
    assertThat(ActivationMath.expm1ByExp(Double.NEGATIVE_INFINITY)).isEqualTo(-1.0);
    assertThat(ActivationMath.log1pByLog(0)).isEqualTo(0.0);

    int n = 100_000;
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = (float) (Math.scalb(1 + rng.nextDouble(), -20 + (int) (rng.nextDouble() * 24)) * (i % 2 == 0 ? 1 : -1));
    }
    float[] y = new float[n];
    Activations.tanh(x, y, 0, n);
    for (int i = 0; i < n; i++) {
      assertThat(y[i]).as("tanh(%s)", x[i]).isCloseTo((float) Math.tanh(x[i]), within(Math.ulp((float) Math.tanh(x[i]))));
    }
    Activations.elu(x, y, 0, n, 1.5);
    for (int i = 0; i < n; i++) {
      float expected = x[i] > 0 ? x[i] : (float) (1.5 * Math.expm1(x[i]));
      assertThat(y[i]).as("elu(%s)", x[i]).isCloseTo(expected, within(Math.ulp(expected)));
    }
    Activations.softplus(x, y, 0, n);
    for (int i = 0; i < n; i++) {
      float expected = (float) (Math.max(x[i], 0) + Math.log1p(Math.exp(-Math.abs((double) x[i]))));
      assertThat(y[i]).as("softplus(%s)", x[i]).isCloseTo(expected, within(Math.ulp(expected)));
    }
  }

  @Test
  void normalCdfMatchesTabulatedValues() {
    // Φ(x) from standard tables (to 15 significant digits)
    assertThat(ActivationMath.normalCdf(0)).isEqualTo(0.5);
    assertThat(ActivationMath.normalCdf(1)).isCloseTo(0.841344746068543, within(1e-15));
    assertThat(ActivationMath.normalCdf(-1)).isCloseTo(0.158655253931457, within(1e-15));
    assertThat(ActivationMath.normalCdf(-3) / 0.00134989803163009).isCloseTo(1, within(1e-14));
    assertThat(ActivationMath.normalCdf(-6) / 9.86587645037698e-10).isCloseTo(1, within(1e-12));
    assertThat(ActivationMath.normalCdf(3)).isCloseTo(0.998650101968370, within(1e-15));
    // the far tail keeps its relative accuracy: Φ(−20) = 2.75362411860623e-89 (tables)
    assertThat(ActivationMath.normalCdf(-20) / 2.75362411860623e-89).isCloseTo(1, within(1e-13));
  }

  @Test
  void softmaxNormalizesEachRowAndBackwardIsTheJacobianProduct() {
    double[] x = {1, 2, 3, 1000, 1000, -1000};
    double[] y = new double[6];
    Activations.softmax(x, y, 0, 2, 3);
    double e = Math.exp(1) + Math.exp(2) + Math.exp(3);
    assertThat(y[0]).isCloseTo(Math.exp(1) / e, within(1e-15));
    assertThat(y[2]).isCloseTo(Math.exp(3) / e, within(1e-15));
    assertThat(y[3]).isCloseTo(0.5, within(1e-15));
    assertThat(y[5]).isZero();
    double[] dy = {0.3, -0.2, 0.5, 1, 2, 3};
    double[] dx = new double[6];
    Activations.softmaxBackward(y, dy, dx, 0, 2, 3);
    for (int r = 0; r < 2; r++) {
      for (int i = 0; i < 3; i++) {
        double expected = 0;
        for (int j = 0; j < 3; j++) {
          double jacobian = y[3 * r + j] * ((i == j ? 1 : 0) - y[3 * r + i]); // ∂y_j/∂x_i
          expected += dy[3 * r + j] * jacobian;
        }
        assertThat(dx[3 * r + i]).isCloseTo(expected, within(1e-15));
      }
    }
    float[] xf = {1, 2, 3};
    Activations.softmax(xf, xf, 0, 1, 3);
    assertThat((double) xf[0]).isCloseTo(y[0], within(1e-7));
    Activations.softmax(new double[0], new double[0], 0, 0, 3);
    Activations.softmax(new double[0], new double[0], 0, 4, 0);
  }
}
