package dev.nnet.runtime.checkpoint;

import dev.nnet.runtime.data.Standardizer;
import dev.nnet.runtime.data.Vocabulary;
import dev.nnet.runtime.train.TrainingState;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The contents of a checkpoint file: which network it belongs to, every parameter, and optional extras.
 *
 * @param networkName the network's {@code name()} when saved
 * @param fingerprint the network's architecture fingerprint; a checkpoint restores only into the same one
 * @param isDouble the network's precision
 * @param parameters every parameter, in the network's order
 * @param arrays named float arrays, such as the standardizer's statistics ({@link #STANDARDIZER_MEAN})
 * @param classes class names in index order (empty for regression)
 * @param metadata free-form strings (model file, nnet version, date, ...)
 * @param trainingState what a resumed run needs, for a training checkpoint
 * @param vocabulary the token ids of a text model's input, in id order (padding and unknown first; empty for
 *     models without text input)
 */
public record Checkpoint(
    String networkName,
    String fingerprint,
    boolean isDouble,
    List<SavedParameter> parameters,
    Map<String, float[]> arrays,
    List<String> classes,
    Map<String, String> metadata,
    Optional<TrainingState> trainingState,
    List<String> vocabulary) {

  /** Key of the standardizer's per-feature means in {@link #arrays()}. */
  public static final String STANDARDIZER_MEAN = "standardizer.mean";

  /** Key of the standardizer's per-feature standard deviations in {@link #arrays()}. */
  public static final String STANDARDIZER_STD = "standardizer.std";

  public Checkpoint {
    parameters = List.copyOf(parameters);
    arrays = Collections.unmodifiableMap(new LinkedHashMap<>(arrays));
    classes = List.copyOf(classes);
    metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    vocabulary = List.copyOf(vocabulary);
  }

  /** A checkpoint of a model without text input. */
  public Checkpoint(String networkName, String fingerprint, boolean isDouble, List<SavedParameter> parameters,
      Map<String, float[]> arrays, List<String> classes, Map<String, String> metadata,
      Optional<TrainingState> trainingState) {
    this(networkName, fingerprint, isDouble, parameters, arrays, classes, metadata, trainingState, List.of());
  }

  /** The same checkpoint with {@code vocabulary}. */
  public Checkpoint withVocabulary(List<String> vocabulary) {
    return new Checkpoint(networkName, fingerprint, isDouble, parameters, arrays, classes, metadata, trainingState,
        vocabulary);
  }

  /** The vocabulary saved with a text model, if any. */
  public Optional<Vocabulary> savedVocabulary() {
    if (vocabulary.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(new Vocabulary(vocabulary));
    } catch (IllegalArgumentException e) {
      throw new CheckpointException("the checkpoint's vocabulary is invalid: " + e.getMessage(), e);
    }
  }

  /** The standardizer saved with the model, if any. */
  public Optional<Standardizer> standardizer() {
    float[] mean = arrays.get(STANDARDIZER_MEAN);
    float[] std = arrays.get(STANDARDIZER_STD);
    if (mean == null || std == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(new Standardizer(mean, std));
    } catch (IllegalArgumentException e) {
      throw new CheckpointException("the checkpoint's standardizer is invalid: " + e.getMessage(), e);
    }
  }

  /** The two named arrays that store {@code s} in {@link #arrays()}. */
  public static Map<String, float[]> arraysOf(Standardizer s) {
    Map<String, float[]> m = new LinkedHashMap<>();
    m.put(STANDARDIZER_MEAN, s.mean());
    m.put(STANDARDIZER_STD, s.std());
    return m;
  }
}
