package dev.nnet.spark;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * An exchange the tasks can leave together when one of them cannot go on (its training diverged): instead of its
 * next message, that task sends a report ({@link #abort}); every task's next {@link #allGather} then throws
 * {@link Aborted} with it, so all of them end the stage with the same report instead of the others waiting for a
 * task that is gone (and the stage failing, to be run again).
 *
 * <p>It works because the tasks take part in the same rounds: a task that stops in the middle of an epoch has
 * finished every round before, and the others' next round (the next step's exchange, the next averaging) is the one
 * its report takes part in. Each message carries one leading byte: 0 for a message, 1 for a report.
 */
final class AbortableExchange implements Exchange {
  /** Another task (or this one) ended the stage with {@link #report()}. */
  static final class Aborted extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Aborted(String report) {
      super(report, null, false, false);
    }

    String report() {
      return getMessage();
    }
  }

  private final Exchange inner;

  AbortableExchange(Exchange inner) {
    this.inner = inner;
  }

  @Override
  public int rank() {
    return inner.rank();
  }

  @Override
  public int tasks() {
    return inner.tasks();
  }

  /**
   * @throws Aborted when a task sent a report instead of a message (the first such task's report)
   */
  @Override
  public byte[][] allGather(byte[] mine) {
    byte[] framed = new byte[mine.length + 1];
    System.arraycopy(mine, 0, framed, 1, mine.length);
    byte[][] all = inner.allGather(framed);
    for (byte[] message : all) {
      if (message[0] == 1) {
        throw new Aborted(new String(message, 1, message.length - 1, StandardCharsets.UTF_8));
      }
    }
    for (int k = 0; k < all.length; k++) {
      all[k] = Arrays.copyOfRange(all[k], 1, all[k].length);
    }
    return all;
  }

  /** Takes part in the others' next round with {@code report} instead of a message; what they sent is ignored. */
  void abort(String report) {
    byte[] text = report.getBytes(StandardCharsets.UTF_8);
    byte[] framed = new byte[text.length + 1];
    framed[0] = 1;
    System.arraycopy(text, 0, framed, 1, text.length);
    inner.allGather(framed);
  }
}
