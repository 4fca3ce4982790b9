package dev.nnet.runtime.optim;

import dev.nnet.runtime.Parameter;
import java.util.List;

/**
 * Updates parameters from their gradients, one step per batch. An optimizer binds to the parameter list of its
 * first {@link #step} (allocating its slots once) and must be given the same parameters afterwards; non-trainable
 * parameters are skipped. A step allocates nothing.
 */
public interface Optimizer {
  /** The configuration this optimizer was created from. */
  OptimizerConfig config();

  /** Applies one update to every trainable parameter of {@code params} from its current gradient. */
  void step(List<Parameter> params);

  /**
   * Applies the same update as {@link #step(List)}, bit for bit, and leaves in {@code previousF32[i]} (float32) or
   * {@code previousF64[i]} (float64) the values trainable parameter {@code params.get(i)} had before it: the trainer's
   * guard against divergence, which must be able to put those back. The old value is stored by the update's own pass
   * over the weights (one store more per weight), not by a separate copy of the model before the step.
   *
   * @param previousF32 indexed like {@code params}: for each trainable float32 parameter an array of at least its
   *     size (entries of other parameters are ignored)
   * @param previousF64 the same for float64 parameters
   */
  void step(List<Parameter> params, float[][] previousF32, double[][] previousF64);

  /** Number of steps taken (Keras' {@code iterations}); Adam's bias correction uses it. */
  long iterations();

  /** A copy of the state (slots and step count), for a checkpoint. Empty slots before the first step. */
  OptimizerState exportState();

  /**
   * Binds to {@code params} and overwrites the state with {@code state}, which must come from an optimizer of the
   * same kind over parameters of the same names and sizes.
   *
   * @throws IllegalArgumentException naming the first mismatch, before anything is changed
   */
  void restoreState(OptimizerState state, List<Parameter> params);
}
