package dev.nnet.cli;

import dev.nnet.runtime.Network;
import dev.nnet.runtime.train.EpochRecord;
import dev.nnet.runtime.train.History;
import dev.nnet.runtime.train.TrainingListener;

/**
 * What a training run shows while it runs: a {@link ProgressBar} on a terminal, else one {@link EpochPrinter} line
 * per epoch. The bar's running metrics need to watch the network, so the trainer is given {@link #observe}'s
 * result; with plain lines that is the network itself.
 */
final class Progress implements TrainingListener {
  private final TrainingListener shown;
  private final RunningMetrics metrics;

  private Progress(TrainingListener shown, RunningMetrics metrics) {
    this.shown = shown;
    this.metrics = metrics;
  }

  static Progress lines(EpochPrinter printer) {
    return new Progress(printer, null);
  }

  static Progress bar(ProgressBar bar, RunningMetrics metrics) {
    return new Progress(bar, metrics);
  }

  /** The network to train: {@code net}, watched for the running metrics when a bar shows them. */
  Network observe(Network net) {
    return metrics == null ? net : metrics.observe(net);
  }

  @Override
  public void onTrainStart(int firstEpoch, int epochs, int stepsPerEpoch) {
    shown.onTrainStart(firstEpoch, epochs, stepsPerEpoch);
  }

  @Override
  public void onEpochStart(int epoch, int epochs) {
    shown.onEpochStart(epoch, epochs);
  }

  @Override
  public void onBatchEnd(int step, int steps, double runningLoss) {
    shown.onBatchEnd(step, steps, runningLoss);
  }

  @Override
  public void onEpochEnd(EpochRecord record) {
    shown.onEpochEnd(record);
  }

  @Override
  public void onTrainEnd(History history) {
    shown.onTrainEnd(history);
  }
}
