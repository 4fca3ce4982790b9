package dev.nnet.compiler.model;

import java.util.Optional;

/**
 * The model's data. The test set is {@code test} when given, else a {@code testSplit} fraction of the shuffled
 * training source (0 when there is no test set at all). With {@code standardize}, each feature is shifted and
 * scaled by the mean and standard deviation of the training part only.
 */
public record Data(DataSource train, Optional<DataSource> test, double testSplit, boolean standardize) {}
