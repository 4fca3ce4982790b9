package dev.nnet.cli;

import dev.nnet.runtime.train.EpochRecord;
import dev.nnet.runtime.train.History;
import dev.nnet.runtime.train.TrainingListener;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * A progress bar redrawn in place on a terminal during each epoch:
 * {@code epoch 3/10 [=========>          ] 234/469  0:04<0:04  loss 0.4123  accuracy 0.8512}, with steps done,
 * the time elapsed in the epoch and the time left at its pace, and the running loss and metrics. At the epoch's end
 * the bar gives way to the epoch's line, as {@link EpochPrinter} prints it.
 *
 * <p>Redraws are throttled to one per {@link #INTERVAL_NANOS} (ten a second): a step costs a clock read and a
 * comparison, so the bar costs nothing next to training. Lines are overwritten with a carriage return and padded
 * with spaces to the previous line's length, which every terminal understands.
 */
final class ProgressBar implements TrainingListener {
  /** At most ten redraws a second. */
  static final long INTERVAL_NANOS = 100_000_000L;

  private final PrintWriter out;
  private final EpochPrinter lines;
  private final RunningMetrics metrics;
  private final LongSupplier clock;
  private final int columns;
  private int epoch;
  private int epochs;
  private long epochStart;
  private long lastDraw;
  private int drawn;
  private int redraws;

  /**
   * @param lines prints the line that replaces the bar at each epoch's end
   * @param metrics the running metrics of the epoch so far
   * @param clock nanoseconds, {@code System::nanoTime} outside tests
   * @param columns the terminal's width; the bar is shortened to fit
   */
  ProgressBar(PrintWriter out, EpochPrinter lines, RunningMetrics metrics, LongSupplier clock, int columns) {
    this.out = out;
    this.lines = lines;
    this.metrics = metrics;
    this.clock = clock;
    this.columns = columns;
  }

  @Override
  public void onEpochStart(int epoch, int epochs) {
    this.epoch = epoch;
    this.epochs = epochs;
    lines.onEpochStart(epoch, epochs);
    metrics.reset();
    epochStart = clock.getAsLong();
    lastDraw = Long.MIN_VALUE;
  }

  @Override
  public void onBatchEnd(int step, int steps, double runningLoss) {
    long now = clock.getAsLong();
    if (step == steps || (lastDraw != Long.MIN_VALUE && now - lastDraw < INTERVAL_NANOS)) {
      // The last step's state is the epoch's line, printed next.
      return;
    }
    lastDraw = now;
    draw(render(step, steps, (now - epochStart) / 1e9, runningLoss, metrics.values()));
  }

  @Override
  public void onEpochEnd(EpochRecord record) {
    clear();
    lines.onEpochEnd(record);
  }

  @Override
  public void onTrainEnd(History history) {
    clear();
    lines.onTrainEnd(history);
  }

  /** How many times the bar was drawn (tests check the throttle). */
  int redraws() {
    return redraws;
  }

  /** The bar's text for a step, at most {@code columns − 1} characters so the cursor never wraps. */
  String render(int step, int steps, double elapsed, double loss, Map<String, Double> running) {
    String width = Integer.toString(String.valueOf(epochs).length());
    String head = String.format(Locale.ROOT, "epoch %" + width + "d/%d ", epoch, epochs);
    double remaining = step > 0 ? elapsed / step * (steps - step) : 0;
    String stepWidth = Integer.toString(String.valueOf(steps).length());
    StringBuilder tail = new StringBuilder(String.format(Locale.ROOT, " %" + stepWidth + "d/%d  %s<%s  loss %.4f",
        step, steps, clock(elapsed), clock(remaining), loss));
    running.forEach((k, v) -> tail.append("  ").append(k).append(' ').append(String.format(Locale.ROOT, "%.4f", v)));
    int room = columns - 1 - head.length() - tail.length() - 2;
    int barWidth = Math.min(30, room);
    String text;
    if (barWidth >= 10) {
      text = head + '[' + bar(step, steps, barWidth) + ']' + tail;
    } else {
      text = head.strip() + tail;
    }
    return text.length() < columns ? text : text.substring(0, columns - 1);
  }

  /** {@code =====>     }: done steps as '=', the current position as '>'. */
  static String bar(int step, int steps, int width) {
    int done = (int) ((long) width * step / steps);
    StringBuilder s = new StringBuilder(width);
    for (int i = 0; i < width; i++) {
      s.append(i < done ? '=' : i == done ? '>' : ' ');
    }
    return s.toString();
  }

  /** {@code m:ss}, or {@code h:mm:ss} from an hour. */
  static String clock(double seconds) {
    long s = Math.max(0, Math.round(seconds));
    return s >= 3600
        ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
        : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
  }

  private void draw(String text) {
    StringBuilder s = new StringBuilder("\r").append(text);
    for (int i = text.length(); i < drawn; i++) {
      s.append(' ');
    }
    out.print(s);
    out.flush();
    drawn = text.length();
    redraws++;
  }

  private void clear() {
    if (drawn > 0) {
      out.print("\r" + " ".repeat(drawn) + "\r");
      drawn = 0;
    }
  }
}
