package dev.nnet.cli;

import dev.nnet.runtime.train.EpochRecord;
import dev.nnet.runtime.train.History;
import dev.nnet.runtime.train.TrainingListener;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;

/**
 * Prints one line per epoch, {@code epoch 3/10  loss 0.4123  accuracy 0.8512  val_loss ...  1.23s}, the form for
 * logs and for {@code --quiet}; verbose adds the throughput. At the end it says when early stopping ended the run.
 */
public final class EpochPrinter implements TrainingListener {
  private final PrintWriter out;
  private final boolean verbose;
  private final int trainSamples;
  private int epochs;

  public EpochPrinter(PrintWriter out) {
    this(out, false, 0);
  }

  /**
   * @param verbose whether to add samples per second to every line
   * @param trainSamples training samples per epoch, for the throughput
   */
  public EpochPrinter(PrintWriter out, boolean verbose, int trainSamples) {
    this.out = out;
    this.verbose = verbose;
    this.trainSamples = trainSamples;
  }

  @Override
  public void onEpochStart(int epoch, int epochs) {
    this.epochs = epochs;
  }

  @Override
  public void onEpochEnd(EpochRecord record) {
    out.println(line(record));
    out.flush();
  }

  @Override
  public void onTrainEnd(History history) {
    if (history.stoppedEarly() && !history.epochs().isEmpty()) {
      int last = history.last().epoch();
      out.printf(Locale.ROOT, "early stopping after epoch %d of %d%s%n", last, epochs,
          history.bestEpoch() > 0 && history.bestEpoch() != last
              ? "; the best epoch was " + history.bestEpoch()
              : "");
      out.flush();
    }
  }

  /** The epoch's line, without a line break. */
  String line(EpochRecord record) {
    String width = Integer.toString(String.valueOf(Math.max(epochs, record.epoch())).length());
    String line = String.format(Locale.ROOT, "epoch %" + width + "d/%d  %s  %s", record.epoch(),
        Math.max(epochs, record.epoch()), format(record.values()), seconds(record.seconds()));
    if (verbose && trainSamples > 0 && record.seconds() > 0) {
      line += String.format(Locale.ROOT, "  %,.0f samples/s", trainSamples / record.seconds());
    }
    return line;
  }

  private static String seconds(double s) {
    return s < 100 ? String.format(Locale.ROOT, "%.2fs", s) : ProgressBar.clock(s);
  }

  /** {@code key value} pairs, four decimals, two spaces apart, in the map's order. */
  public static String format(Map<String, Double> values) {
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
