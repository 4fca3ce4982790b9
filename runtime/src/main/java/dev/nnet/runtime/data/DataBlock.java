package dev.nnet.runtime.data;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * A model file's {@code data} block: where the training samples come from, the test set (a source of its own, or a
 * {@code testSplit} fraction of the shuffled training source), and whether features are standardized with the
 * training part's statistics. Paths are as the model file wrote them, relative to its folder until
 * {@link #resolve(Path)}d.
 */
public record DataBlock(Source train, Optional<Source> test, double testSplit, boolean standardize) {
  public DataBlock {
    Objects.requireNonNull(train, "train");
    Objects.requireNonNull(test, "test");
  }

  /** The same block with every path resolved against {@code base} (the model file's folder). */
  public DataBlock resolve(Path base) {
    return new DataBlock(train.resolve(base), test.map(s -> s.resolve(base)), testSplit, standardize);
  }
}
