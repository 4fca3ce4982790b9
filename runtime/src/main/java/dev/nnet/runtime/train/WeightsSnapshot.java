package dev.nnet.runtime.train;

import dev.nnet.runtime.Parameter;
import java.util.List;

/**
 * A copy of every parameter's values in preallocated arrays of the parameters' own precision: taking or restoring
 * one is a memory copy of the model's size, with no allocation.
 */
final class WeightsSnapshot {
  private final List<Parameter> params;
  private final Object[] copies;

  WeightsSnapshot(List<Parameter> params) {
    this.params = params;
    this.copies = new Object[params.size()];
    for (int i = 0; i < copies.length; i++) {
      Parameter p = params.get(i);
      copies[i] = p instanceof Parameter.F32 ? new float[p.size()] : new double[p.size()];
    }
  }

  void capture() {
    for (int i = 0; i < copies.length; i++) {
      Parameter p = params.get(i);
      if (p instanceof Parameter.F32 f) {
        float[] c = (float[]) copies[i];
        System.arraycopy(f.value().data, 0, c, 0, c.length);
      } else {
        double[] c = (double[]) copies[i];
        System.arraycopy(((Parameter.F64) p).value().data, 0, c, 0, c.length);
      }
    }
  }

  void restore() {
    for (int i = 0; i < copies.length; i++) {
      Parameter p = params.get(i);
      if (p instanceof Parameter.F32 f) {
        float[] c = (float[]) copies[i];
        System.arraycopy(c, 0, f.value().data, 0, c.length);
      } else {
        double[] c = (double[]) copies[i];
        System.arraycopy(c, 0, ((Parameter.F64) p).value().data, 0, c.length);
      }
    }
  }

  /** The captured values widened to double, one array per parameter (for a training-state checkpoint). */
  List<double[]> export() {
    double[][] out = new double[copies.length][];
    for (int i = 0; i < copies.length; i++) {
      if (copies[i] instanceof float[] f) {
        out[i] = new double[f.length];
        for (int k = 0; k < f.length; k++) {
          out[i][k] = f[k];
        }
      } else {
        out[i] = ((double[]) copies[i]).clone();
      }
    }
    return List.of(out);
  }

  /** Loads values exported by {@link #export()} (narrowed to float32 where the parameter is). */
  void load(List<double[]> values) {
    if (values.size() != copies.length) {
      throw new IllegalArgumentException("saved best weights hold " + values.size() + " parameters, the network has "
          + copies.length);
    }
    for (int i = 0; i < copies.length; i++) {
      double[] v = values.get(i);
      if (copies[i] instanceof float[] f) {
        checkLength(i, v.length, f.length);
        for (int k = 0; k < f.length; k++) {
          f[k] = (float) v[k];
        }
      } else {
        double[] d = (double[]) copies[i];
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
