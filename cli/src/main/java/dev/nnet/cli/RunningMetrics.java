package dev.nnet.cli;

import dev.nnet.runtime.Dataset;
import dev.nnet.runtime.Network;
import dev.nnet.runtime.Parameter;
import dev.nnet.runtime.Rng;
import dev.nnet.runtime.metrics.Metric;
import dev.nnet.runtime.metrics.Metrics;
import dev.nnet.runtime.metrics.TaskType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The training metrics of the epoch so far, for the progress bar. The trainer reports only the running loss to its
 * listeners, so these metrics watch the network instead: {@link #observe} wraps it, and every training forward pass
 * updates a second set of the same streaming metrics over the same rows, the batch the trainer just loaded. That
 * costs one pass over the batch's outputs (an argmax for accuracy) and allocates nothing; evaluation passes
 * ({@code forward(false)}, validation) are not counted.
 */
final class RunningMetrics {
  private final List<Metric> metrics;
  private Dataset data;
  private int[] order;
  private int from;
  private int rows;

  RunningMetrics(List<String> keys, TaskType task, int outputs) {
    this.metrics = Metrics.create(keys, task, outputs);
  }

  /** Forgets the epoch so far. */
  void reset() {
    for (Metric m : metrics) {
      m.reset();
    }
  }

  /** Each metric's value over the training batches since the last reset, in the model's order. */
  Map<String, Double> values() {
    Map<String, Double> values = new LinkedHashMap<>();
    for (Metric m : metrics) {
      double v = m.value();
      if (!Double.isNaN(v)) {
        values.put(m.key(), v);
      }
    }
    return values;
  }

  /** {@code net}, with every training forward pass also updating these metrics. */
  Network observe(Network net) {
    return metrics.isEmpty() ? net : new Observed(net);
  }

  /** Delegates everything; remembers the loaded batch and counts it after a training forward pass. */
  private final class Observed implements Network {
    private final Network net;

    Observed(Network net) {
      this.net = net;
    }

    @Override
    public void loadBatch(Dataset data, int[] order, int from, int n) {
      net.loadBatch(data, order, from, n);
      RunningMetrics.this.data = data;
      RunningMetrics.this.order = order;
      RunningMetrics.this.from = from;
      RunningMetrics.this.rows = n;
    }

    @Override
    public double forward(boolean training) {
      double loss = net.forward(training);
      if (training && data != null && data.targetSize() > 0) {
        for (Metric m : metrics) {
          m.update(net, data, order, from, rows);
        }
      }
      return loss;
    }

    @Override
    public String name() {
      return net.name();
    }

    @Override
    public String fingerprint() {
      return net.fingerprint();
    }

    @Override
    public int[] inputShape() {
      return net.inputShape();
    }

    @Override
    public int inputSize() {
      return net.inputSize();
    }

    @Override
    public int outputSize() {
      return net.outputSize();
    }

    @Override
    public boolean isDouble() {
      return net.isDouble();
    }

    @Override
    public List<Parameter> parameters() {
      return net.parameters();
    }

    @Override
    public void initialize(long seed) {
      net.initialize(seed);
    }

    @Override
    public Rng random() {
      return net.random();
    }

    @Override
    public int batchCapacity() {
      return net.batchCapacity();
    }

    @Override
    public void backward() {
      net.backward();
    }

    @Override
    public double output(int row, int j) {
      return net.output(row, j);
    }
  }
}
