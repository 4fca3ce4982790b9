package dev.nnet.spark;

import dev.nnet.runtime.Dataset;
import java.io.Serializable;
import java.util.List;

/**
 * The rows one task of the training stages holds, for the whole run: its training, validation and test rows, each
 * with its position in its part (the position the single-machine pipeline gives the row after shuffling and
 * splitting), sorted by position. Built once on the executors and kept there (a persisted RDD of one shard per
 * task); the driver never holds one.
 *
 * @param train the task's training rows
 * @param validation the task's validation rows (with periodic averaging: all of them, see {@link DistributedData})
 * @param test the task's test rows
 */
record Shard(Part train, Part validation, Part test) implements Serializable {
  /** Which part of the data a row belongs to. */
  enum Kind {
    TRAIN,
    VALIDATION,
    TEST
  }

  Part part(Kind kind) {
    return switch (kind) {
      case TRAIN -> train;
      case VALIDATION -> validation;
      case TEST -> test;
    };
  }

  /**
   * Rows of one part, row-major float32 as the runtime's {@link Dataset}, and the position of each in its part
   * (ascending).
   */
  record Part(float[] features, int featureSize, float[] targets, int targetSize, int[] positions)
      implements Serializable {
    int rows() {
      return positions.length;
    }

    /** The rows as a dataset sharing these arrays, its rows in position order. */
    Dataset dataset(List<String> classes) {
      return new Dataset(features, featureSize, targets, targetSize, positions.length, classes);
    }
  }
}
