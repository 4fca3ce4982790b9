package dev.nnet.runtime.train;

/**
 * What a network generated from a model file carries besides its layers: the file's training settings, which
 * {@link Training#of} trains it with in one call.
 */
public interface Planned {
  /** The model file's training plan (the generated class's {@code TRAINING_PLAN}). */
  TrainingPlan trainingPlan();
}
