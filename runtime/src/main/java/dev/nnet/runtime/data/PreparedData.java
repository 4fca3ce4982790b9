package dev.nnet.runtime.data;

import dev.nnet.runtime.Dataset;
import java.util.List;
import java.util.Optional;

/**
 * Data ready for training: shuffled, split and (optionally) standardized.
 *
 * @param train the training part
 * @param validation the validation part, when a validation split was asked for
 * @param test the test part, from the test source or the test split
 * @param standardizer the statistics applied to all three parts, fitted on {@code train}; save it with the model
 * @param classes the class names in index order (empty for regression)
 * @param vocabulary the token ids of text data, fitted on {@code train}; save it with the model
 */
public record PreparedData(
    Dataset train,
    Optional<Dataset> validation,
    Optional<Dataset> test,
    Optional<Standardizer> standardizer,
    List<String> classes,
    Optional<Vocabulary> vocabulary) {

  public PreparedData {
    classes = List.copyOf(classes);
  }

  /** Data with no vocabulary (numbers and images). */
  public PreparedData(Dataset train, Optional<Dataset> validation, Optional<Dataset> test,
      Optional<Standardizer> standardizer, List<String> classes) {
    this(train, validation, test, standardizer, classes, Optional.empty());
  }
}
