package dev.nnet.runtime.train;

import dev.nnet.runtime.Parameter;
import java.util.List;

/**
 * A copy of every parameter's values in preallocated arrays of the parameters' own precision: taking or restoring
 * one is a memory copy of the model's size, with no allocation. An optimizer can also fill the trainable part as it
 * updates ({@link dev.nnet.runtime.optim.Optimizer#step(List, float[][], double[][])} with {@link #floats()} and
 * {@link #doubles()}), {@link #captureFrozen()} copying the rest.
 */
final class WeightsSnapshot {
  private final List<Parameter> params;
  /** {@code floats[i]}: the copy of parameter {@code i} when it is float32, else null. */
  private final float[][] floats;
  /** {@code doubles[i]}: the copy of parameter {@code i} when it is float64, else null. */
  private final double[][] doubles;

  WeightsSnapshot(List<Parameter> params) {
    this.params = params;
    this.floats = new float[params.size()][];
    this.doubles = new double[params.size()][];
    for (int i = 0; i < params.size(); i++) {
      Parameter p = params.get(i);
      if (p instanceof Parameter.F32) {
        floats[i] = new float[p.size()];
      } else {
        doubles[i] = new double[p.size()];
      }
    }
  }

  /** The float32 copies, indexed like the parameters (null for float64 ones); written by the caller. */
  float[][] floats() {
    return floats;
  }

  /** The float64 copies, indexed like the parameters (null for float32 ones); written by the caller. */
  double[][] doubles() {
    return doubles;
  }

  /**
   * Copies the parameters an optimizer does not update (batch normalization's moving statistics): with an optimizer
   * step that fills the trainable ones, the snapshot is then complete.
   */
  void captureFrozen() {
    for (int i = 0; i < floats.length; i++) {
      Parameter p = params.get(i);
      if (!p.trainable()) {
        copy(i, p);
      }
    }
  }

  void capture() {
    for (int i = 0; i < floats.length; i++) {
      copy(i, params.get(i));
    }
  }

  private void copy(int i, Parameter p) {
    if (p instanceof Parameter.F32 f) {
      System.arraycopy(f.value().data, 0, floats[i], 0, floats[i].length);
    } else {
      System.arraycopy(((Parameter.F64) p).value().data, 0, doubles[i], 0, doubles[i].length);
    }
  }

  void restore() {
    for (int i = 0; i < floats.length; i++) {
      Parameter p = params.get(i);
      if (p instanceof Parameter.F32 f) {
        System.arraycopy(floats[i], 0, f.value().data, 0, floats[i].length);
      } else {
        System.arraycopy(doubles[i], 0, ((Parameter.F64) p).value().data, 0, doubles[i].length);
      }
    }
  }

  /** The captured values widened to double, one array per parameter (for a training-state checkpoint). */
  List<double[]> export() {
    double[][] out = new double[floats.length][];
    for (int i = 0; i < floats.length; i++) {
      if (floats[i] != null) {
        float[] f = floats[i];
        out[i] = new double[f.length];
        for (int k = 0; k < f.length; k++) {
          out[i][k] = f[k];
        }
      } else {
        out[i] = doubles[i].clone();
      }
    }
    return List.of(out);
  }

  /** Loads values exported by {@link #export()} (narrowed to float32 where the parameter is). */
  void load(List<double[]> values) {
    if (values.size() != floats.length) {
      throw new IllegalArgumentException("saved best weights hold " + values.size() + " parameters, the network has "
          + floats.length);
    }
    for (int i = 0; i < floats.length; i++) {
      double[] v = values.get(i);
      if (floats[i] != null) {
        float[] f = floats[i];
        checkLength(i, v.length, f.length);
        for (int k = 0; k < f.length; k++) {
          f[k] = (float) v[k];
        }
      } else {
        double[] d = doubles[i];
        checkLength(i, v.length, d.length);
        System.arraycopy(v, 0, d, 0, d.length);
      }
    }
  }

  private void checkLength(int i, int saved, int actual) {
    if (saved != actual) {
      throw new IllegalArgumentException(
          "saved best weights of " + params.get(i).name() + " hold " + saved + " values, the parameter has " + actual);
    }
  }

  /** Whether every current parameter value is finite. */
  static boolean allFinite(List<Parameter> params) {
    for (int i = 0; i < params.size(); i++) {
      Parameter p = params.get(i);
      if (p instanceof Parameter.F32 f) {
        for (float v : f.value().data) {
          if (!Float.isFinite(v)) {
            return false;
          }
        }
      } else {
        for (double v : ((Parameter.F64) p).value().data) {
          if (!Double.isFinite(v)) {
            return false;
          }
        }
      }
    }
    return true;
  }
}
