package dev.nnet.runtime.testing;

import dev.nnet.runtime.Dataset;
import dev.nnet.runtime.Network;
import dev.nnet.runtime.Parameter;
import dev.nnet.runtime.Rng;
import java.util.List;

/** A network whose outputs are whatever the test sets, for testing metrics without training anything. */
public final class StubNetwork implements Network {
  private final int outputs;
  private double[] rows = new double[0];

  public StubNetwork(int outputs) {
    this.outputs = outputs;
  }

  /** Sets the outputs of the "last forward pass", row-major. */
  public StubNetwork outputs(double... values) {
    rows = values.clone();
    return this;
  }

  @Override
  public String name() {
    return "Stub";
  }

  @Override
  public String fingerprint() {
    return "stub";
  }

  @Override
  public int[] inputShape() {
    return new int[] {1};
  }

  @Override
  public int inputSize() {
    return 1;
  }

  @Override
  public int outputSize() {
    return outputs;
  }

  @Override
  public boolean isDouble() {
    return true;
  }

  @Override
  public List<Parameter> parameters() {
    return List.of();
  }

  @Override
  public void initialize(long seed) {}

  @Override
  public Rng random() {
    return new Rng(0);
  }

  @Override
  public int batchCapacity() {
    return Integer.MAX_VALUE;
  }

  @Override
  public void loadBatch(Dataset data, int[] order, int from, int n) {}

  @Override
  public double forward(boolean training) {
    return 0;
  }

  @Override
  public void backward() {}

  @Override
  public double output(int row, int j) {
    return rows[row * outputs + j];
  }
}
