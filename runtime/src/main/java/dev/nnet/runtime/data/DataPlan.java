package dev.nnet.runtime.data;

import java.util.Objects;
import java.util.Optional;

/**
 * What {@link DataPipeline#prepare} is asked to do.
 *
 * @param train the training source
 * @param test a separate test source; when empty, {@code testSplit} of the shuffled training source is held out
 * @param testSplit the fraction held out for testing when there is no test source (0 for no test set)
 * @param validationSplit the fraction of the training part (after the test split) held out for validation
 * @param standardize whether to standardize features with statistics of the training part
 * @param seed seeds the shuffle that precedes every split
 * @param featureSize the model's input size, checked against the data
 * @param target what the labels are: {@link Target.Classes} (count from the model) or {@link Target.Regression}
 */
public record DataPlan(
    Source train,
    Optional<Source> test,
    double testSplit,
    double validationSplit,
    boolean standardize,
    long seed,
    int featureSize,
    Target target) {

  public DataPlan {
    Objects.requireNonNull(train, "train");
    Objects.requireNonNull(test, "test");
    Objects.requireNonNull(target, "target");
    if (target instanceof Target.None) {
      throw new IllegalArgumentException("training data needs labels; Target.None is for prediction input");
    }
  }
}
