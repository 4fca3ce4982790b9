package dev.nnet.runtime.kernel;

/**
 * Sigmoid and tanh for the gates of recurrent cells, in place over a range of an array, in both precisions under one
 * name, so that a float32 cell is generated from its float64 source by changing types alone (see the layer package).
 * In float32 a GRU computes three of them per unit and step, which through {@code Math.exp} cost more than the
 * cell's matrix products. The same float32 exponential serves softmax ({@link #expOverRowMax}), which through
 * {@code Math.exp} cost more than the output layer's product. All are built on Cephes' {@code expf} (Cody–Waite
 * reduction x = k·ln 2 + r with k the nearest integer, |r| ≤ ln 2 / 2, then a degree-6 polynomial for eʳ scaled by 2ᵏ through the exponent bits) and
 * {@code tanhf} (an odd polynomial below |x| = 0.625, where 1 − 2/(e²ˣ + 1) would cancel): branch-light float
 * arithmetic, within a few units in the last place of the float rounding of the exact value (GateFunctionsTest
 * measures it).
 *
 * <p>Inputs are clamped to |x| ≤ 87, where e^|x| is still a normal float: sigmoid's far tail is then about 1.6e-38
 * rather than a subnormal (see {@link Subnormals}) or zero, a difference far below any value it is added to. NaN
 * stays NaN. The float64 overloads are {@link Activations}' exact {@code Math.exp} and {@code Math.tanh}.
 *
 * <p>When the JVM has the Vector API ({@code --add-modules jdk.incubator.vector}), whole vectors go through
 * {@link VectorGates}, the same polynomials on vector lanes with the same bits, and the few values past them through
 * the scalar code: the result does not depend on the Vector API, the vector width or the JIT.
 */
public final class GateFunctions {
  static final float CLAMP = 87f;
  static final float LOG2E = 1.44269504088896341f;
  /** ln 2 split in two (Cephes' C1 and C2), so that k·ln 2 is subtracted with no rounding of its large part. */
  static final float LN2_HI = 0.693359375f;
  static final float LN2_LO = -2.12194440e-4f;
  /**
   * 1.5·2²³: adding it to a float of magnitude below 2²² rounds that to the nearest integer, which the sum's low
   * mantissa bits then hold as an offset from {@link #ROUNDER_BITS}. The rounding needs no conversion to int, which
   * the Vector API would run lane by lane.
   */
  static final float ROUNDER = 12582912f;
  static final int ROUNDER_BITS = 0x4B400000;
  /** Below this |x|, tanh is the odd polynomial; from it on, 1 − 2/(e^(2|x|) + 1). */
  static final float TANH_POLYNOMIAL_BELOW = 0.625f;

  /** Whether whole vectors go through {@link VectorGates}. */
  static final boolean VECTOR = dev.nnet.runtime.blas.MatMul.vectorApi();

  private GateFunctions() {}

  /** v[i] = 1 / (1 + e^(−v[i])) for {@code from <= i < from + n}; modifies {@code v}. */
  public static void sigmoidEquals(float[] v, int from, int n) {
    int end = from + n;
    scalarSigmoid(v, VECTOR ? VectorGates.sigmoid(v, from, end) : from, end);
  }

  /** v[i] = 1 / (1 + e^(−v[i])) for {@code from <= i < from + n} through {@code Math.exp}, as {@link Activations}'. */
  public static void sigmoidEquals(double[] v, int from, int n) {
    Activations.sigmoid(v, v, from, n);
  }

  /** v[i] = tanh(v[i]) for {@code from <= i < from + n}; modifies {@code v}. */
  public static void tanhEquals(float[] v, int from, int n) {
    int end = from + n;
    scalarTanh(v, VECTOR ? VectorGates.tanh(v, from, end) : from, end);
  }

  /** v[i] = tanh(v[i]) for {@code from <= i < from + n}: {@code Math.tanh}, as {@link Activations}'. */
  public static void tanhEquals(double[] v, int from, int n) {
    Activations.tanh(v, v, from, n);
  }

  /** v[i] = e^v[i] for {@code from <= i < from + n} (softmax's exponentials); modifies {@code v}. */
  public static void expEquals(float[] v, int from, int n) {
    int end = from + n;
    for (int i = VECTOR ? VectorGates.exp(v, from, end) : from; i < end; i++) {
      v[i] = exp(v[i]);
    }
  }

  /**
   * y[yFrom + r·cols + j] = e^(x[xFrom + r·cols + j] − maxᵣ) for r < rows, j < cols, maxᵣ the largest of row r
   * (a NaN in the row still reaches every exponential, through the difference), over the whole block at once, on
   * vectors where it can: softmax's first step. Row r's maximum goes to {@code maxes[(xFrom + r·cols) / cols]} unless
   * {@code maxes} is null.
   */
  static void expOverRowMax(float[] x, int xFrom, float[] y, int yFrom, int rows, int cols, double[] maxes) {
    for (int r = 0; r < rows; r++) {
      int xo = xFrom + r * cols;
      int yo = yFrom + r * cols;
      float max = Float.NEGATIVE_INFINITY;
      for (int j = 0; j < cols; j++) {
        max = x[xo + j] > max ? x[xo + j] : max;
      }
      for (int j = 0; j < cols; j++) {
        y[yo + j] = x[xo + j] - max;
      }
      if (maxes != null) {
        maxes[xo / cols] = max;
      }
    }
    expEquals(y, yFrom, rows * cols);
  }

  /** {@link #sigmoidEquals(float[], int, int)} on the polynomials alone, over [from, end). */
  static void scalarSigmoid(float[] v, int from, int end) {
    for (int i = from; i < end; i++) {
      v[i] = 1f / (1f + exp(-v[i]));
    }
  }

  /** {@link #tanhEquals(float[], int, int)} on the polynomials alone, over [from, end). */
  static void scalarTanh(float[] v, int from, int end) {
    for (int i = from; i < end; i++) {
      v[i] = tanh(v[i]);
    }
  }

  /** tanh(x): Cephes' odd polynomial for |x| < 0.625, else 1 − 2/(e^(2|x|) + 1) with x's sign. */
  static float tanh(float x) {
    float a = Math.abs(x);
    if (a < TANH_POLYNOMIAL_BELOW) {
      float z = x * x;
      float p = ((((-5.70498872745e-3f * z + 2.06390887954e-2f) * z - 5.37397155531e-2f) * z
          + 1.33314422036e-1f) * z - 3.33332819422e-1f) * z;
      return x + x * p;
    }
    float t = 1f - 2f / (exp(2f * a) + 1f);
    return x < 0 ? -t : t;
  }

  /** eˣ for |x| ≤ 87 (clamped beyond): Cephes' expf. */
  static float exp(float x) {
    x = Math.max(-CLAMP, Math.min(CLAMP, x)); // NaN propagates through neither bound: Math.max/min return NaN
    float m = x * LOG2E + ROUNDER; // k, the nearest integer to x·log2(e), is in m's low mantissa bits
    float k = m - ROUNDER;
    float r = x - k * LN2_HI - k * LN2_LO;
    float p = 1.9875691500e-4f;
    p = p * r + 1.3981999507e-3f;
    p = p * r + 8.3334519073e-3f;
    p = p * r + 4.1665795894e-2f;
    p = p * r + 1.6666665459e-1f;
    p = p * r + 5.0000001201e-1f;
    float e = p * r * r + r + 1f;
    return e * Float.intBitsToFloat((Float.floatToRawIntBits(m) - ROUNDER_BITS + 127) << 23);
  }
}
