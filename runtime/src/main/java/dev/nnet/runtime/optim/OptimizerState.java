package dev.nnet.runtime.optim;

import java.util.Map;
import java.util.TreeMap;

/**
 * What an optimizer remembers between steps, for a checkpoint: its kind, the number of steps taken, and one array
 * per (parameter, slot), named {@code parameterName/slotName} (for example {@code dense1.kernel/m}). Slots of
 * float32 parameters are in {@code floats}, those of float64 parameters in {@code doubles}. The maps are sorted
 * copies; the arrays are shared, not copied.
 */
public record OptimizerState(
    OptimizerConfig.Kind kind, long step, Map<String, float[]> floats, Map<String, double[]> doubles) {

  public OptimizerState {
    floats = new TreeMap<>(floats);
    doubles = new TreeMap<>(doubles);
  }
}
