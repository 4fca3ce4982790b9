package dev.nnet.runtime.data;

import dev.nnet.runtime.Dataset;
import dev.nnet.runtime.Rng;
import java.util.Optional;

/**
 * From source files to training, validation and test sets, in a fixed order: load (scaling on load), shuffle with
 * the seed, hold out the test split (unless a test source is given), hold out the validation split from what is
 * left, fit the standardizer on the training part only, and apply it to all parts. Shuffling comes before every
 * split because data files are often sorted (iris is sorted by class, so an unshuffled split would hold out one
 * class entirely).
 */
public final class DataPipeline {
  private DataPipeline() {}

  /**
   * Runs the plan.
   *
   * @throws DataException for any problem with the data, including a feature count that does not fit the model
   */
  public static PreparedData prepare(DataPlan plan) {
    if (plan.train() instanceof Source.Text) {
      return TextData.prepare(plan);
    }
    Dataset all = plan.train().load(plan.target(), plan.featureSize());
    Optional<Dataset> test = Optional.empty();
    if (plan.test().isPresent()) {
      if (plan.testSplit() > 0) {
        throw new DataException(
            "both a test source (" + plan.test().get().describe() + ") and a test split of " + plan.testSplit()
                + " are given; use one or the other");
      }
      Target testTarget =
          plan.target() instanceof Target.Classes c ? new Target.Classes(c.count(), all.classes()) : plan.target();
      test = Optional.of(plan.test().get().load(testTarget, plan.featureSize()));
    }
    return prepare(all, test, plan.testSplit(), plan.validationSplit(), plan.standardize(), plan.seed(),
        plan.train().describe());
  }

  /**
   * The steps after loading, for data loaded elsewhere (a Spark job collects it): shuffle {@code all} with
   * {@code seed}, hold out the test split unless {@code test} is given, then the validation split, then fit the
   * standardizer on the training part.
   *
   * @param from names the data in messages
   * @throws DataException when a split leaves nothing to train on
   */
  public static PreparedData prepare(Dataset all, Optional<Dataset> test, double testSplit, double validationSplit,
      boolean standardize, long seed, String from) {
    all = Splits.shuffle(all, new Rng(seed));
    if (test.isEmpty()) {
      int n = Splits.count(all.rows(), testSplit, "test_split", from);
      test = n == 0 ? Optional.empty() : Optional.of(Splits.slice(all, all.rows() - n, all.rows()));
      all = Splits.slice(all, 0, all.rows() - n);
    }

    int v = Splits.count(all.rows(), validationSplit, "validation_split", from + " (after the test split)");
    Optional<Dataset> validation =
        v == 0 ? Optional.empty() : Optional.of(Splits.slice(all, all.rows() - v, all.rows()));
    Dataset train = v == 0 ? all : Splits.slice(all, 0, all.rows() - v);

    Optional<Standardizer> standardizer = Optional.empty();
    if (standardize) {
      Standardizer s = Standardizer.fit(train);
      train = s.apply(train);
      validation = validation.map(s::apply);
      test = test.map(s::apply);
      standardizer = Optional.of(s);
    }
    return new PreparedData(train, validation, test, standardizer, train.classes());
  }

  /**
   * Loads labelled data for evaluating a trained model: labels must be among the model's {@code classes} (empty for
   * regression, where {@code target} gives the outputs), and the saved standardizer, if any, is applied.
   */
  public static Dataset loadForEvaluation(
      Source source, Target target, int featureSize, Optional<Standardizer> standardizer) {
    Dataset data = source.load(target, featureSize);
    return standardizer.map(s -> s.apply(data)).orElse(data);
  }

  /** Loads features only (a named label column present in a CSV is dropped) and applies the saved standardizer. */
  public static Dataset loadForPrediction(Source source, int featureSize, Optional<Standardizer> standardizer) {
    return loadForPrediction(source, java.util.List.of(), featureSize, standardizer);
  }

  /**
   * As {@link #loadForPrediction(Source, int, Optional)}, taking from a CSV the columns named {@code columns} (the
   * training set's feature columns), in that order, whatever their order in the file; empty: by position.
   */
  public static Dataset loadForPrediction(
      Source source, java.util.List<String> columns, int featureSize, Optional<Standardizer> standardizer) {
    Dataset data = source.load(new Target.None(columns), featureSize);
    return standardizer.map(s -> s.apply(data)).orElse(data);
  }
}
