package dev.nnet.cli;

import dev.nnet.runtime.train.EpochRecord;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import dev.nnet.runtime.train.TrainingListener;

/** Prints one line per epoch: {@code epoch 3/10  loss 0.4123  accuracy 0.8512  val_loss ...  1.23s}. */
final class EpochPrinter implements TrainingListener {
  private final PrintWriter out;
  private int epochs;

  EpochPrinter(PrintWriter out) {
    this.out = out;
  }

  @Override
  public void onEpochStart(int epoch, int epochs) {
    this.epochs = epochs;
  }

  @Override
  public void onEpochEnd(EpochRecord record) {
    String width = Integer.toString(String.valueOf(epochs).length());
    out.printf(
        Locale.ROOT,
        "epoch %" + width + "d/%d  %s  %.2fs%n",
        record.epoch(),
        epochs,
        format(record.values()),
        record.seconds());
    out.flush();
  }

  /** {@code key value} pairs, four decimals, two spaces apart, in the map's order. */
  static String format(Map<String, Double> values) {
    StringBuilder s = new StringBuilder();
    values.forEach(
        (k, v) -> {
          if (s.length() > 0) {
            s.append("  ");
          }
          s.append(k).append(' ').append(String.format(Locale.ROOT, "%.4f", v));
        });
    return s.toString();
  }
}
