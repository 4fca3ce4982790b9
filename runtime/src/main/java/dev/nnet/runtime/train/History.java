package dev.nnet.runtime.train;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What a training run recorded, epoch by epoch, exportable as CSV and JSON.
 *
 * @param epochs the epochs run, in order (after a resume, the earlier ones too)
 * @param stoppedEarly whether early stopping ended training before the last epoch
 * @param bestEpoch the best epoch by the early-stopping monitor (0 without early stopping)
 */
public record History(List<EpochRecord> epochs, boolean stoppedEarly, int bestEpoch) {
  public History {
    epochs = List.copyOf(epochs);
  }

  /** Every key that occurs, in first-seen order. */
  public List<String> keys() {
    Set<String> keys = new LinkedHashSet<>();
    for (EpochRecord e : epochs) {
      keys.addAll(e.values().keySet());
    }
    return List.copyOf(keys);
  }

  /** The last epoch's record; throws when there is none. */
  public EpochRecord last() {
    if (epochs.isEmpty()) {
      throw new IllegalStateException("no epochs recorded");
    }
    return epochs.get(epochs.size() - 1);
  }

  /**
   * A header row {@code epoch,seconds,<keys>}, then one row per epoch; numbers in Java's shortest round-trip form,
   * an empty cell where an epoch has no value (or a non-finite one).
   */
  public String toCsv() {
    List<String> keys = keys();
    StringBuilder sb = new StringBuilder("epoch,seconds");
    for (String k : keys) {
      sb.append(',').append(k);
    }
    sb.append('\n');
    for (EpochRecord e : epochs) {
      sb.append(e.epoch()).append(',').append(number(e.seconds(), ""));
      for (String k : keys) {
        sb.append(',').append(number(e.get(k), ""));
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  /**
   * {@code {"epochs": [{"epoch": 1, "seconds": ..., "loss": ..., ...}, ...], "stopped_early": false,
   * "best_epoch": 0}}; non-finite numbers are written as {@code null}, which JSON requires.
   */
  public String toJson() {
    StringBuilder sb = new StringBuilder("{\n  \"epochs\": [");
    for (int i = 0; i < epochs.size(); i++) {
      EpochRecord e = epochs.get(i);
      sb.append(i == 0 ? "\n" : ",\n").append("    {\"epoch\": ").append(e.epoch());
      sb.append(", \"seconds\": ").append(number(e.seconds(), "null"));
      for (var entry : e.values().entrySet()) {
        sb.append(", ").append(quote(entry.getKey())).append(": ").append(number(entry.getValue(), "null"));
      }
      sb.append('}');
    }
    sb.append(epochs.isEmpty() ? "],\n" : "\n  ],\n");
    sb.append("  \"stopped_early\": ").append(stoppedEarly).append(",\n");
    sb.append("  \"best_epoch\": ").append(bestEpoch).append("\n}\n");
    return sb.toString();
  }

  private static String number(double v, String nonFinite) {
    if (!Double.isFinite(v)) {
      return nonFinite;
    }
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v).toLowerCase(Locale.ROOT);
  }

  static String quote(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) {
            sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append('"').toString();
  }
}
