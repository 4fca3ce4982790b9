package dev.nnet.runtime;

import java.util.List;

/**
 * Samples in memory, row-major float32: {@code features} holds {@code rows * featureSize} values (one sample's
 * tensor flattened channels last), {@code targets} holds {@code rows * targetSize} values. For classification the
 * target is the class index (targetSize 1, also for binary 0/1 labels); for regression it is the target vector.
 * {@code classes} names the classes in index order (empty for regression).
 */
public record Dataset(
    float[] features, int featureSize, float[] targets, int targetSize, int rows, List<String> classes) {

  public Dataset {
    classes = List.copyOf(classes);
    if (features.length != (long) rows * featureSize || targets.length != (long) rows * targetSize) {
      throw new IllegalArgumentException(
          "arrays do not match " + rows + " rows of " + featureSize + " features and " + targetSize + " targets");
    }
  }
}
