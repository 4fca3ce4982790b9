package dev.nnet.runtime.testing;

import dev.nnet.runtime.Parameter;
import org.ejml.data.DMatrixRMaj;
import org.ejml.data.FMatrixRMaj;

/** Builds parameters for tests and writes their gradients, which {@link Parameter} exposes read-only. */
public final class Params {
  private Params() {}

  public static Parameter vector(String name, boolean isDouble, double... values) {
    return matrix(name, isDouble, true, 1, values.length, values);
  }

  public static Parameter matrix(String name, boolean isDouble, boolean trainable, int rows, int cols, double... values) {
    int[] shape = rows == 1 ? new int[] {cols} : new int[] {rows, cols};
    if (isDouble) {
      DMatrixRMaj v = new DMatrixRMaj(rows, cols);
      for (int i = 0; i < values.length; i++) {
        v.data[i] = values[i];
      }
      return new Parameter.F64(name, shape, trainable, v, new DMatrixRMaj(rows, cols));
    }
    FMatrixRMaj v = new FMatrixRMaj(rows, cols);
    for (int i = 0; i < values.length; i++) {
      v.data[i] = (float) values[i];
    }
    return new Parameter.F32(name, shape, trainable, v, new FMatrixRMaj(rows, cols));
  }

  public static void setGradient(Parameter p, int i, double g) {
    if (p instanceof Parameter.F32 f) {
      f.grad().data[i] = (float) g;
    } else {
      ((Parameter.F64) p).grad().data[i] = g;
    }
  }
}
