package dev.nnet.runtime.testing;

import dev.nnet.runtime.Dataset;
import dev.nnet.runtime.Network;
import dev.nnet.runtime.Parameter;
import dev.nnet.runtime.Rng;
import java.util.ArrayList;
import java.util.List;

/**
 * A hand-written {@link Network} for the runtime's tests, standing in for generated code: an optional dense ReLU
 * hidden layer, then a dense output layer with a softmax (sparse categorical cross-entropy), a sigmoid (binary
 * cross-entropy) or no activation (mean squared error). Parameters are float32 or float64; the arithmetic is done
 * in double either way, which is all the trainer and optimizers can observe.
 */
public final class TestNet implements Network {
  /** The output activation and its loss. */
  public enum Head {
    SOFTMAX,
    SIGMOID,
    LINEAR
  }

  private final int in;
  private final int hidden;
  private final int out;
  private final Head head;
  private final boolean isDouble;
  private final int capacity;
  private final Parameter w1;
  private final Parameter b1;
  private final Parameter w2;
  private final Parameter b2;
  private final List<Parameter> parameters;
  private final Rng random = new Rng(0);

  private final double[] x;
  private final double[] h;
  private final double[] y;
  private final double[] t;
  private final double[] dz;
  private final double[] dh;
  private final int targetSize;
  private int n;

  public TestNet(int in, int hidden, int out, Head head, boolean isDouble, int capacity) {
    this.in = in;
    this.hidden = hidden;
    this.out = out;
    this.head = head;
    this.isDouble = isDouble;
    this.capacity = capacity;
    int top = hidden > 0 ? hidden : in;
    List<Parameter> ps = new ArrayList<>();
    if (hidden > 0) {
      w1 = Params.matrix("dense1.kernel", isDouble, true, in, hidden, new double[in * hidden]);
      b1 = Params.matrix("dense1.bias", isDouble, true, 1, hidden, new double[hidden]);
      ps.add(w1);
      ps.add(b1);
    } else {
      w1 = null;
      b1 = null;
    }
    w2 = Params.matrix("dense2.kernel", isDouble, true, top, out, new double[top * out]);
    b2 = Params.matrix("dense2.bias", isDouble, true, 1, out, new double[out]);
    ps.add(w2);
    ps.add(b2);
    parameters = List.copyOf(ps);
    targetSize = head == Head.LINEAR ? out : 1;
    x = new double[capacity * in];
    h = new double[capacity * Math.max(hidden, 1)];
    y = new double[capacity * out];
    t = new double[capacity * targetSize];
    dz = new double[capacity * out];
    dh = new double[capacity * Math.max(hidden, 1)];
  }

  @Override
  public String name() {
    return "TestNet";
  }

  @Override
  public String fingerprint() {
    return "testnet-" + in + "-" + hidden + "-" + out + "-" + head.name().toLowerCase() + (isDouble ? "-f64" : "-f32");
  }

  @Override
  public int[] inputShape() {
    return new int[] {in};
  }

  @Override
  public int inputSize() {
    return in;
  }

  @Override
  public int outputSize() {
    return out;
  }

  @Override
  public boolean isDouble() {
    return isDouble;
  }

  @Override
  public List<Parameter> parameters() {
    return parameters;
  }

  @Override
  public void initialize(long seed) {
    Rng rng = new Rng(seed);
    for (Parameter p : parameters) {
      boolean kernel = p.name().endsWith("kernel");
      double limit = kernel ? Math.sqrt(6.0 / (p.shape()[0] + p.shape()[1])) : 0; // Glorot uniform; zero biases
      for (int i = 0; i < p.size(); i++) {
        p.set(i, kernel ? (2 * rng.nextDouble() - 1) * limit : 0);
      }
    }
    random.setState(seed);
  }

  @Override
  public Rng random() {
    return random;
  }

  @Override
  public int batchCapacity() {
    return capacity;
  }

  @Override
  public void loadBatch(Dataset data, int[] order, int from, int count) {
    if (count <= 0 || count > capacity) {
      throw new IllegalArgumentException("batch of " + count + " rows, capacity " + capacity);
    }
    n = count;
    for (int r = 0; r < count; r++) {
      int s = order[from + r];
      for (int j = 0; j < in; j++) {
        x[r * in + j] = data.features()[s * in + j];
      }
      for (int j = 0; j < data.targetSize(); j++) {
        t[r * targetSize + j] = data.targets()[s * data.targetSize() + j];
      }
    }
  }

  @Override
  public double forward(boolean training) {
    double[] a = x;
    int width = in;
    if (hidden > 0) {
      for (int r = 0; r < n; r++) {
        for (int k = 0; k < hidden; k++) {
          double s = b1.get(k);
          for (int j = 0; j < in; j++) {
            s += x[r * in + j] * w1.get(j * hidden + k);
          }
          h[r * hidden + k] = Math.max(0, s);
        }
      }
      a = h;
      width = hidden;
    }
    double loss = 0;
    for (int r = 0; r < n; r++) {
      double max = Double.NEGATIVE_INFINITY;
      for (int k = 0; k < out; k++) {
        double s = b2.get(k);
        for (int j = 0; j < width; j++) {
          s += a[r * width + j] * w2.get(j * out + k);
        }
        y[r * out + k] = s;
        max = Math.max(max, s);
      }
      switch (head) {
        case SOFTMAX -> {
          double sum = 0;
          for (int k = 0; k < out; k++) {
            y[r * out + k] = Math.exp(y[r * out + k] - max);
            sum += y[r * out + k];
          }
          for (int k = 0; k < out; k++) {
            y[r * out + k] /= sum;
          }
          loss -= Math.log(Math.max(y[r * out + (int) t[r]], 1e-12));
        }
        case SIGMOID -> {
          double p = 1 / (1 + Math.exp(-y[r]));
          y[r] = p;
          loss -= t[r] * Math.log(Math.max(p, 1e-12)) + (1 - t[r]) * Math.log(Math.max(1 - p, 1e-12));
        }
        case LINEAR -> {
          for (int k = 0; k < out; k++) {
            double d = y[r * out + k] - t[r * out + k];
            loss += d * d / out;
          }
        }
      }
    }
    return loss / n;
  }

  @Override
  public void backward() {
    for (int r = 0; r < n; r++) {
      for (int k = 0; k < out; k++) {
        double g = switch (head) {
          case SOFTMAX -> y[r * out + k] - (k == (int) t[r] ? 1 : 0);
          case SIGMOID -> y[r] - t[r];
          case LINEAR -> 2 * (y[r * out + k] - t[r * out + k]) / out;
        };
        dz[r * out + k] = g / n;
      }
    }
    double[] a = hidden > 0 ? h : x;
    int width = hidden > 0 ? hidden : in;
    for (int j = 0; j < width; j++) {
      for (int k = 0; k < out; k++) {
        double g = 0;
        for (int r = 0; r < n; r++) {
          g += a[r * width + j] * dz[r * out + k];
        }
        Params.setGradient(w2, j * out + k, g);
      }
    }
    for (int k = 0; k < out; k++) {
      double g = 0;
      for (int r = 0; r < n; r++) {
        g += dz[r * out + k];
      }
      Params.setGradient(b2, k, g);
    }
    if (hidden == 0) {
      return;
    }
    for (int r = 0; r < n; r++) {
      for (int j = 0; j < hidden; j++) {
        double g = 0;
        if (h[r * hidden + j] > 0) {
          for (int k = 0; k < out; k++) {
            g += dz[r * out + k] * w2.get(j * out + k);
          }
        }
        dh[r * hidden + j] = g;
      }
    }
    for (int i = 0; i < in; i++) {
      for (int j = 0; j < hidden; j++) {
        double g = 0;
        for (int r = 0; r < n; r++) {
          g += x[r * in + i] * dh[r * hidden + j];
        }
        Params.setGradient(w1, i * hidden + j, g);
      }
    }
    for (int j = 0; j < hidden; j++) {
      double g = 0;
      for (int r = 0; r < n; r++) {
        g += dh[r * hidden + j];
      }
      Params.setGradient(b1, j, g);
    }
  }

  @Override
  public double output(int row, int j) {
    return y[row * out + j];
  }
}
