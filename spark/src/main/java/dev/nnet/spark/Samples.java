package dev.nnet.spark;

import dev.nnet.runtime.Dataset;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/** A runtime {@link Dataset} in a form Spark can broadcast to executors (the record is not serializable). */
final class Samples implements Serializable {
  private static final long serialVersionUID = 1L;

  private final float[] features;
  private final int featureSize;
  private final float[] targets;
  private final int targetSize;
  private final int rows;
  private final ArrayList<String> classes;
  private transient Dataset dataset;

  Samples(Dataset d) {
    this.features = d.features();
    this.featureSize = d.featureSize();
    this.targets = d.targets();
    this.targetSize = d.targetSize();
    this.rows = d.rows();
    this.classes = new ArrayList<>(d.classes());
    this.dataset = d;
  }

  /** The dataset, sharing this object's arrays. */
  Dataset dataset() {
    if (dataset == null) {
      dataset = new Dataset(features, featureSize, targets, targetSize, rows, List.copyOf(classes));
    }
    return dataset;
  }
}
