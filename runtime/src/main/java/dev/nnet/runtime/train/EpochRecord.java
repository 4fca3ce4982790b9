package dev.nnet.runtime.train;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One epoch of a history: its 1-based number, its wall-clock duration, and its values in a stable order:
 * {@code loss}, the metrics, then {@code val_loss} and the validation metrics.
 */
public record EpochRecord(int epoch, double seconds, Map<String, Double> values) {
  public EpochRecord {
    values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }

  /** The value of {@code key}, or NaN when this epoch has none. */
  public double get(String key) {
    Double v = values.get(key);
    return v == null ? Double.NaN : v;
  }
}
