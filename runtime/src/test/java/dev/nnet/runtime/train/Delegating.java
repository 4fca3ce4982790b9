package dev.nnet.runtime.train;

import dev.nnet.runtime.Dataset;
import dev.nnet.runtime.Network;
import dev.nnet.runtime.Parameter;
import dev.nnet.runtime.Rng;
import java.util.List;

/** A network that forwards every call, for tests that observe what the trainer does. */
class Delegating implements Network {
  private final Network inner;

  Delegating(Network inner) {
    this.inner = inner;
  }

  @Override
  public String name() {
    return inner.name();
  }

  @Override
  public String fingerprint() {
    return inner.fingerprint();
  }

  @Override
  public int[] inputShape() {
    return inner.inputShape();
  }

  @Override
  public int inputSize() {
    return inner.inputSize();
  }

  @Override
  public int outputSize() {
    return inner.outputSize();
  }

  @Override
  public boolean isDouble() {
    return inner.isDouble();
  }

  @Override
  public List<Parameter> parameters() {
    return inner.parameters();
  }

  @Override
  public void initialize(long seed) {
    inner.initialize(seed);
  }

  @Override
  public Rng random() {
    return inner.random();
  }

  @Override
  public int batchCapacity() {
    return inner.batchCapacity();
  }

  @Override
  public void loadBatch(Dataset data, int[] order, int from, int n) {
    inner.loadBatch(data, order, from, n);
  }

  @Override
  public double forward(boolean training) {
    return inner.forward(training);
  }

  @Override
  public void backward() {
    inner.backward();
  }

  @Override
  public double output(int row, int j) {
    return inner.output(row, j);
  }
}
