package dev.nnet.runtime;

import org.ejml.data.DMatrixRMaj;
import org.ejml.data.FMatrixRMaj;

/**
 * One named parameter tensor of a network with its gradient, in float32 or float64. Values are stored row-major in
 * the EJML matrix; {@code shape} is the tensor's logical shape (a dense kernel is {@code [in, units]}, a bias
 * {@code [units]}, a conv kernel {@code [kh, kw, in, filters]}). Non-trainable parameters (batch normalization's
 * moving statistics) have a gradient of the same size that stays zero and are skipped by optimizers.
 */
public sealed interface Parameter {
  /** Unique within the network, stable across runs: {@code dense1.kernel}, {@code dense1.bias}. */
  String name();

  int[] shape();

  boolean trainable();

  /** Number of values: the product of the shape's dimensions (a loop, not a stream: callers may be hot paths). */
  default int size() {
    int n = 1;
    for (int d : shape()) {
      n = Math.multiplyExact(n, d);
    }
    return n;
  }

  /** Reads value {@code i} (in row-major order) widened to double. */
  double get(int i);

  /** Writes value {@code i}, narrowed to the parameter's precision. */
  void set(int i, double v);

  /** Reads gradient {@code i} widened to double. */
  double gradient(int i);

  /** A float32 parameter. */
  record F32(String name, int[] shape, boolean trainable, FMatrixRMaj value, FMatrixRMaj grad) implements Parameter {
    @Override
    public double get(int i) {
      return value.data[i];
    }

    @Override
    public void set(int i, double v) {
      value.data[i] = (float) v;
    }

    @Override
    public double gradient(int i) {
      return grad.data[i];
    }
  }

  /** A float64 parameter. */
  record F64(String name, int[] shape, boolean trainable, DMatrixRMaj value, DMatrixRMaj grad) implements Parameter {
    @Override
    public double get(int i) {
      return value.data[i];
    }

    @Override
    public void set(int i, double v) {
      value.data[i] = v;
    }

    @Override
    public double gradient(int i) {
      return grad.data[i];
    }
  }
}
