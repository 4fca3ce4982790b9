package dev.nnet.runtime.train;

import dev.nnet.runtime.Dataset;
import dev.nnet.runtime.Network;
import dev.nnet.runtime.metrics.ConfusionMatrix;
import dev.nnet.runtime.metrics.Metric;
import dev.nnet.runtime.metrics.Metrics;
import dev.nnet.runtime.metrics.TaskType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs a dataset through a network in inference mode ({@code forward(false)}), in batches of the network's
 * capacity, accumulating the loss and metrics. The metric objects and the row order are reused from call to call,
 * so evaluating the validation set every epoch allocates only the result.
 */
public final class Evaluator {
  private final Network net;
  private final TaskType task;
  private final List<Metric> metrics;
  private int[] identity = new int[0];

  /** @param metricKeys history keys as {@link Metrics#create(String, TaskType, int)} takes them */
  public Evaluator(Network net, TaskType task, List<String> metricKeys) {
    this.net = net;
    this.task = task;
    this.metrics = Metrics.create(metricKeys, task, net.outputSize());
  }

  /** Loss and metrics of the network over every row of {@code data}. */
  public Evaluation evaluate(Dataset data) {
    Trainer.checkFits(net, data, "evaluation");
    if (identity.length != data.rows()) {
      identity = new int[data.rows()];
      for (int i = 0; i < identity.length; i++) {
        identity[i] = i;
      }
    }
    for (Metric m : metrics) {
      m.reset();
    }
    ConfusionMatrix confusion =
        task.isClassification() ? new ConfusionMatrix(task, task.classes(net.outputSize())) : null;
    double lossSum = 0;
    int batch = net.batchCapacity();
    for (int from = 0; from < data.rows(); from += batch) {
      int n = Math.min(batch, data.rows() - from);
      net.loadBatch(data, identity, from, n);
      lossSum += net.forward(false) * n;
      for (int i = 0; i < metrics.size(); i++) {
        metrics.get(i).update(net, data, identity, from, n);
      }
      if (confusion != null) {
        confusion.update(net, data, identity, from, n);
      }
    }
    Map<String, Double> values = new LinkedHashMap<>();
    for (Metric m : metrics) {
      values.put(m.key(), m.value());
    }
    return new Evaluation(data.rows(), lossSum / data.rows(), values, Optional.ofNullable(confusion));
  }
}
