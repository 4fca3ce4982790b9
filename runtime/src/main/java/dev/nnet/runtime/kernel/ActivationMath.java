package dev.nnet.runtime.kernel;

import org.apache.commons.numbers.gamma.Erfc;

/**
 * The scalar functions {@link Activations}' kernels are built from: the logistic function, softplus and the normal
 * CDF, without overflow or cancellation in their tails; the float32 paths' tanh, eˣ − 1 and log(1 + u); and relu's
 * branch-free test of a value's sign bits, {@link #positive(int)}.
 *
 * <p>Those three are computed through the {@code Math.exp} and {@code Math.log} intrinsics rather than
 * {@code Math.tanh}, {@code Math.expm1} and {@code Math.log1p} (native fdlibm calls in Java 17, three to five times
 * slower). Each switches to its Taylor series where the direct formula would cancel: below 2^−7 the series' first
 * omitted term is under 1e-17 relative, and above it the cancellation costs at most a factor 2^7 on exp's and log's
 * ulp, so the error stays under 1e-13 relative everywhere: far below a float's rounding.
 */
final class ActivationMath {
  static final double INV_SQRT_2PI = 1.0 / Math.sqrt(2.0 * Math.PI);
  private static final double SQRT_HALF = Math.sqrt(0.5);
  /** Below this magnitude {@link #tanhByExp}, {@link #expm1ByExp} and {@link #log1pByLog} use their series. */
  private static final double SERIES_BELOW = 0x1p-7;
  /** 1/k! for k = 0..7, the coefficients of {@link #expm1ByExp}'s series. */
  private static final double[] INVERSE_FACTORIALS = {1, 1, 1.0 / 2, 1.0 / 6, 1.0 / 24, 1.0 / 120, 1.0 / 720, 1.0 / 5040};

  private ActivationMath() {}

  /** The logistic function, without overflow for large |x|. */
  static double sigmoid(double x) {
    if (x >= 0) {
      return 1.0 / (1.0 + Math.exp(-x));
    }
    double e = Math.exp(x);
    return e / (1.0 + e);
  }

  /** log(1 + eˣ) = max(x, 0) + log(1 + e^−|x|), which neither overflows nor loses small values. */
  static double softplus(double x) {
    return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
  }

  /**
   * Φ(x) = erfc(−x/√2) / 2, with Commons Numbers' erfc (within a few ulp, the tails included: relative error near
   * 1e-15 however small Φ gets, since erfc is not computed as 1 − erf). For |x| above about 0.7 erfc builds
   * double-double temporaries (about 26 bytes a value, interpreted or under C1) that C2's escape analysis removes:
   * compiled, gelu allocates nothing, which {@code TrainingStepAllocationTest} checks with C2 compiling synchronously.
   */
  static double normalCdf(double x) {
    return 0.5 * Erfc.value(-x * SQRT_HALF);
  }

  /** tanh x = ±(1 − e^−2|x|) / (1 + e^−2|x|); near 0, x − x³/3 + 2x⁵/15 − 17x⁷/315 + 62x⁹/2835. */
  static double tanhByExp(double x) {
    double a = Math.abs(x);
    if (a < SERIES_BELOW) {
      double x2 = x * x;
      return x * (1 - x2 * (1.0 / 3 - x2 * (2.0 / 15 - x2 * (17.0 / 315 - x2 * (62.0 / 2835)))));
    }
    double e = Math.exp(-2 * a); // a huge |x| gives e = 0 and ±1; NaN stays NaN
    double t = (1 - e) / (1 + e);
    return x < 0 ? -t : t;
  }

  /** eˣ − 1; near 0, x + x²/2! + … + x⁸/8!. */
  static double expm1ByExp(double x) {
    if (Math.abs(x) < SERIES_BELOW) {
      double sum = 1.0 / 40320;
      for (int k = 7; k >= 1; k--) {
        sum = sum * x + INVERSE_FACTORIALS[k];
      }
      return sum * x;
    }
    return Math.exp(x) - 1;
  }

  /** log(1 + u) for u >= 0; near 0, u − u²/2 + u³/3 − … − u⁸/8. */
  static double log1pByLog(double u) {
    if (u < SERIES_BELOW) {
      double sum = -1.0 / 8;
      for (int k = 7; k >= 1; k--) {
        sum = sum * u + (k % 2 == 1 ? 1.0 : -1.0) / k;
      }
      return sum * u;
    }
    return Math.log(1 + u);
  }

  /**
   * All ones when the float with these bits is greater than zero, else 0. Such floats are exactly the bit patterns
   * 1 to 0x7f800000 (+∞) read as ints; m = bits − 1 must lie in [0, 0x7f800000), tested by two sign bits.
   */
  static int positive(int bits) {
    int m = bits - 1;
    return ((m - 0x7f800000) >> 31) & ~(m >> 31);
  }

  /** As {@link #positive(int)} for a double's bits: 1 to 0x7ff0000000000000 (+∞). */
  static long positive(long bits) {
    long m = bits - 1;
    return ((m - 0x7ff0000000000000L) >> 63) & ~(m >> 63);
  }
}
