package dev.nnet.spark;

import dev.nnet.runtime.train.TrainingPlan;
import java.io.Serializable;

/**
 * The settings a run changes in the model's training plan, as {@code ./nnet train --epochs --batch-size --seed}
 * does; null keeps the plan's value. This is what travels to the executors with the model class: each task reads
 * the plan the generated class carries ({@code TRAINING_PLAN}) and applies these, so the model file's settings are
 * translated in one place, the code generator (the plan itself holds paths and is not {@link Serializable}).
 *
 * @param epochs the number of epochs, or null
 * @param batchSize the global batch size (split among the tasks), or null
 * @param seed the seed of the initial weights, shuffling and splits, or null
 */
record PlanOverrides(Integer epochs, Integer batchSize, Long seed) implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The plan as the model file wrote it. */
  static final PlanOverrides NONE = new PlanOverrides(null, null, null);

  PlanOverrides {
    if (epochs != null && epochs < 1) {
      throw new IllegalArgumentException("epochs must be at least 1, got " + epochs);
    }
    if (batchSize != null && batchSize < 1) {
      throw new IllegalArgumentException("the batch size must be at least 1, got " + batchSize);
    }
  }

  /** {@code plan} with these settings applied. */
  TrainingPlan applyTo(TrainingPlan plan) {
    return plan.withOverrides(epochs, batchSize, seed);
  }
}
