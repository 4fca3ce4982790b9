package dev.nnet.runtime.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link GateFunctions}' sigmoid, tanh and exp on the Java Vector API: the same Cephes polynomials as the scalar
 * functions, operation for operation (a multiply and an add where they multiply and add, never a fused
 * multiply-add), so that every lane gets the scalar function's exact bits. The Vector API's own {@code EXP} and
 * {@code TANH} are not used: C2 compiles them to Intel's SVML while the interpreter and C1 run a different Java
 * fallback, so a seeded run's numbers would depend on when the JIT reached the loop. Whole vectors only: the caller
 * runs the values past the last one through the scalar functions. Loaded only when {@link GateFunctions#VECTOR} is
 * true.
 */
final class VectorGates {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

  private VectorGates() {}

  /** Sigmoid over whole vectors from {@code from}; returns the index after the last vector done. */
  static int sigmoid(float[] v, int from, int end) {
    int i = from;
    for (; i <= end - S.length(); i += S.length()) {
      FloatVector e = exp(FloatVector.fromArray(S, v, i).neg());
      FloatVector.broadcast(S, 1f).div(e.add(1f)).intoArray(v, i);
    }
    return i;
  }

  /** Tanh over whole vectors from {@code from}; returns the index after the last vector done. */
  static int tanh(float[] v, int from, int end) {
    int i = from;
    for (; i <= end - S.length(); i += S.length()) {
      FloatVector x = FloatVector.fromArray(S, v, i);
      FloatVector a = x.abs();
      FloatVector z = x.mul(x);
      FloatVector p = z.mul(-5.70498872745e-3f).add(2.06390887954e-2f)
          .mul(z).sub(5.37397155531e-2f)
          .mul(z).add(1.33314422036e-1f)
          .mul(z).sub(3.33332819422e-1f)
          .mul(z);
      FloatVector small = x.add(x.mul(p));
      FloatVector t = FloatVector.broadcast(S, 1f).sub(FloatVector.broadcast(S, 2f).div(exp(a.mul(2f)).add(1f)));
      FloatVector large = t.blend(t.neg(), x.lt(0f));
      large.blend(small, a.lt(GateFunctions.TANH_POLYNOMIAL_BELOW)).intoArray(v, i);
    }
    return i;
  }

  /** e^v over whole vectors from {@code from}; returns the index after the last vector done. */
  static int exp(float[] v, int from, int end) {
    int i = from;
    for (; i <= end - S.length(); i += S.length()) {
      exp(FloatVector.fromArray(S, v, i)).intoArray(v, i);
    }
    return i;
  }

  /** {@link GateFunctions#exp} lane by lane. */
  private static FloatVector exp(FloatVector x) {
    x = x.min(GateFunctions.CLAMP).max(-GateFunctions.CLAMP);
    FloatVector m = x.mul(GateFunctions.LOG2E).add(GateFunctions.ROUNDER);
    FloatVector k = m.sub(GateFunctions.ROUNDER);
    FloatVector r = x.sub(k.mul(GateFunctions.LN2_HI)).sub(k.mul(GateFunctions.LN2_LO));
    FloatVector p = FloatVector.broadcast(S, 1.9875691500e-4f);
    p = p.mul(r).add(1.3981999507e-3f);
    p = p.mul(r).add(8.3334519073e-3f);
    p = p.mul(r).add(4.1665795894e-2f);
    p = p.mul(r).add(1.6666665459e-1f);
    p = p.mul(r).add(5.0000001201e-1f);
    FloatVector e = p.mul(r).mul(r).add(r).add(1f);
    IntVector scaleBits = ((IntVector) m.reinterpretAsInts()).add(127 - GateFunctions.ROUNDER_BITS)
        .lanewise(VectorOperators.LSHL, 23);
    return e.mul(scaleBits.reinterpretAsFloats());
  }
}
