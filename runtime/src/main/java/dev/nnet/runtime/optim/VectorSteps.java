package dev.nnet.runtime.optim;

import static jdk.incubator.vector.VectorOperators.AND_NOT;
import static jdk.incubator.vector.VectorOperators.ASHR;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The optimizers' float32 steps on the Java Vector API, each the same operations in the same order as the
 * optimizer's plain loop (no fused multiply-add), so both make the same bits. They exist for the dropping of
 * negligible values ({@link SlotOptimizer}): C2 in Java 17 does not vectorize a plain loop's comparisons, which makes
 * the plain step three to four times slower. Here a value is dropped by four integer operations on its bits (Java
 * 17's vector comparisons and blends are slower still on AVX-512): with {@code bits} a vector's lanes as integers,
 * {@code (bits & EXPONENT) − bound} is negative exactly in the lanes whose magnitude is below the power of two whose
 * bits are {@code bound} (NaN and infinity are kept, as by {@link SlotOptimizer}'s scalar cut), an arithmetic shift by
 * 31 turns that sign into a mask of the whole lane, and {@code bits & ~mask} zeroes those lanes. The expression is
 * written out at each use: in a helper method that C2 happened to compile on its own first, it was not inlined, and
 * every vector it returned became a heap object (hundreds of kilobytes a step). The last values past whole vectors go
 * through the plain loop. Loaded only when {@link SlotOptimizer#VECTOR} is true.
 */
final class VectorSteps {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int EXPONENT = 0x7f80_0000;
  /** The exponent field of {@link SlotOptimizer#NEGLIGIBLE}: a float below it in magnitude has a smaller one. */
  private static final int STATE_EXPONENT = Float.floatToRawIntBits(SlotOptimizer.NEGLIGIBLE);
  /** The exponent field of {@link SlotOptimizer#NEGLIGIBLE_GRADIENT}. */
  private static final int GRADIENT_EXPONENT = Float.floatToRawIntBits(SlotOptimizer.NEGLIGIBLE_GRADIENT);

  private VectorSteps() {}

  /** {@link Adam#plain} on vectors. */
  static void adam(
      float[] w, float[] g, float[] m, float[] v, float[] previous, int from, int to, float b1, float b2, float a,
      float eps) {
    int i = from;
    for (; i <= to - S.length(); i += S.length()) {
      IntVector giBits = FloatVector.fromArray(S, g, i).reinterpretAsInts();
      FloatVector gi =
          giBits.lanewise(AND_NOT, giBits.and(EXPONENT).sub(GRADIENT_EXPONENT).lanewise(ASHR, 31))
              .reinterpretAsFloats();
      FloatVector mo = FloatVector.fromArray(S, m, i);
      FloatVector vo = FloatVector.fromArray(S, v, i);
      IntVector miBits = gi.sub(mo).mul(b1).add(mo).reinterpretAsInts();
      FloatVector mi =
          miBits.lanewise(AND_NOT, miBits.and(EXPONENT).sub(STATE_EXPONENT).lanewise(ASHR, 31))
              .reinterpretAsFloats();
      IntVector viBits = gi.mul(gi).sub(vo).mul(b2).add(vo).reinterpretAsInts();
      FloatVector vi =
          viBits.lanewise(AND_NOT, viBits.and(EXPONENT).sub(STATE_EXPONENT).lanewise(ASHR, 31))
              .reinterpretAsFloats();
      mi.intoArray(m, i);
      vi.intoArray(v, i);
      FloatVector wi = FloatVector.fromArray(S, w, i);
      if (previous != null) {
        wi.intoArray(previous, i);
      }
      wi.sub(mi.mul(a).div(vi.sqrt().add(eps))).intoArray(w, i);
    }
    Adam.plain(w, g, m, v, previous, i, to, b1, b2, a, eps);
  }

  /** {@link Sgd#plain} on vectors. */
  static void sgd(float[] w, float[] g, float[] v, int from, int to, float mu, float rate, boolean nesterov) {
    int i = from;
    // Two loops, not one choosing its delta: a vector that is one of two values is boxed, and allocates.
    if (nesterov) {
      for (; i <= to - S.length(); i += S.length()) {
        IntVector giBits = FloatVector.fromArray(S, g, i).reinterpretAsInts();
        FloatVector gi =
            giBits.lanewise(AND_NOT, giBits.and(EXPONENT).sub(GRADIENT_EXPONENT).lanewise(ASHR, 31))
                .reinterpretAsFloats();
        IntVector viBits = FloatVector.fromArray(S, v, i).mul(mu).sub(gi.mul(rate)).reinterpretAsInts();
        FloatVector vi =
            viBits.lanewise(AND_NOT, viBits.and(EXPONENT).sub(STATE_EXPONENT).lanewise(ASHR, 31))
                .reinterpretAsFloats();
        vi.intoArray(v, i);
        FloatVector.fromArray(S, w, i).add(vi.mul(mu).sub(gi.mul(rate))).intoArray(w, i);
      }
    } else {
      for (; i <= to - S.length(); i += S.length()) {
        IntVector giBits = FloatVector.fromArray(S, g, i).reinterpretAsInts();
        FloatVector gi =
            giBits.lanewise(AND_NOT, giBits.and(EXPONENT).sub(GRADIENT_EXPONENT).lanewise(ASHR, 31))
                .reinterpretAsFloats();
        IntVector viBits = FloatVector.fromArray(S, v, i).mul(mu).sub(gi.mul(rate)).reinterpretAsInts();
        FloatVector vi =
            viBits.lanewise(AND_NOT, viBits.and(EXPONENT).sub(STATE_EXPONENT).lanewise(ASHR, 31))
                .reinterpretAsFloats();
        vi.intoArray(v, i);
        FloatVector.fromArray(S, w, i).add(vi).intoArray(w, i);
      }
    }
    Sgd.plain(w, g, v, i, to, mu, rate, nesterov);
  }

  /** {@link RmsProp#plain} on vectors. */
  static void rmsProp(
      float[] w, float[] g, float[] s, float[] u, int from, int to, float r, float r1, float rate, float eps,
      float mu) {
    int i = from;
    if (u != null) {
      for (; i <= to - S.length(); i += S.length()) {
        IntVector giBits = FloatVector.fromArray(S, g, i).reinterpretAsInts();
        FloatVector gi =
            giBits.lanewise(AND_NOT, giBits.and(EXPONENT).sub(GRADIENT_EXPONENT).lanewise(ASHR, 31))
                .reinterpretAsFloats();
        IntVector siBits = FloatVector.fromArray(S, s, i).mul(r).add(gi.mul(r1).mul(gi)).reinterpretAsInts();
        FloatVector si =
            siBits.lanewise(AND_NOT, siBits.and(EXPONENT).sub(STATE_EXPONENT).lanewise(ASHR, 31))
                .reinterpretAsFloats();
        si.intoArray(s, i);
        FloatVector delta = gi.mul(rate).div(si.add(eps).sqrt());
        IntVector uiBits = FloatVector.fromArray(S, u, i).mul(mu).add(delta).reinterpretAsInts();
        FloatVector ui =
            uiBits.lanewise(AND_NOT, uiBits.and(EXPONENT).sub(STATE_EXPONENT).lanewise(ASHR, 31))
                .reinterpretAsFloats();
        ui.intoArray(u, i);
        FloatVector.fromArray(S, w, i).sub(ui).intoArray(w, i);
      }
    } else {
      for (; i <= to - S.length(); i += S.length()) {
        IntVector giBits = FloatVector.fromArray(S, g, i).reinterpretAsInts();
        FloatVector gi =
            giBits.lanewise(AND_NOT, giBits.and(EXPONENT).sub(GRADIENT_EXPONENT).lanewise(ASHR, 31))
                .reinterpretAsFloats();
        IntVector siBits = FloatVector.fromArray(S, s, i).mul(r).add(gi.mul(r1).mul(gi)).reinterpretAsInts();
        FloatVector si =
            siBits.lanewise(AND_NOT, siBits.and(EXPONENT).sub(STATE_EXPONENT).lanewise(ASHR, 31))
                .reinterpretAsFloats();
        si.intoArray(s, i);
        FloatVector.fromArray(S, w, i).sub(gi.mul(rate).div(si.add(eps).sqrt())).intoArray(w, i);
      }
    }
    RmsProp.plain(w, g, s, u, i, to, r, r1, rate, eps, mu);
  }

  /** {@link Adagrad#plain} on vectors. */
  static void adagrad(float[] w, float[] g, float[] a, int from, int to, float rate, float eps) {
    int i = from;
    for (; i <= to - S.length(); i += S.length()) {
      IntVector giBits = FloatVector.fromArray(S, g, i).reinterpretAsInts();
      FloatVector gi =
          giBits.lanewise(AND_NOT, giBits.and(EXPONENT).sub(GRADIENT_EXPONENT).lanewise(ASHR, 31))
              .reinterpretAsFloats();
      FloatVector ai = FloatVector.fromArray(S, a, i).add(gi.mul(gi));
      ai.intoArray(a, i);
      FloatVector.fromArray(S, w, i).sub(gi.mul(rate).div(ai.add(eps).sqrt())).intoArray(w, i);
    }
    Adagrad.plain(w, g, a, i, to, rate, eps);
  }
}
