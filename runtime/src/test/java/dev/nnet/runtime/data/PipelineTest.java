package dev.nnet.runtime.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.nnet.runtime.Dataset;
import dev.nnet.runtime.Rng;
import dev.nnet.runtime.testing.Samples;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PipelineTest {
  private static final Source IRIS = new Source.Csv(Samples.path("iris/iris.csv"), "species", 1);

  private static DataPlan iris(double testSplit, double validationSplit, boolean standardize, long seed) {
    return new DataPlan(IRIS, Optional.empty(), testSplit, validationSplit, standardize, seed, 4,
        new Target.Classes(3, List.of()));
  }

  @Test
  void splitsAfterShufflingSoEveryPartSeesEveryClass() {
    PreparedData p = DataPipeline.prepare(iris(0.2, 0.25, false, 7));
    assertThat(p.test().orElseThrow().rows()).isEqualTo(30);
    assertThat(p.validation().orElseThrow().rows()).isEqualTo(30); // 25% of the remaining 120
    assertThat(p.train().rows()).isEqualTo(90);
    for (Dataset part : List.of(p.train(), p.validation().get(), p.test().get())) {
      assertThat(distinctTargets(part)).as("classes present").isEqualTo(3);
    }
    assertThat(p.classes()).containsExactly("setosa", "versicolor", "virginica");
  }

  @Test
  void partsAreDisjointAndCoverTheData() {
    PreparedData p = DataPipeline.prepare(iris(0.2, 0.1, false, 3));
    List<String> rows = new java.util.ArrayList<>();
    for (Dataset part : List.of(p.train(), p.validation().get(), p.test().get())) {
      for (int r = 0; r < part.rows(); r++) {
        rows.add(java.util.Arrays.toString(java.util.Arrays.copyOfRange(part.features(), r * 4, r * 4 + 4))
            + part.targets()[r]);
      }
    }
    Dataset all = CsvReader.read(irisPath(), "species", 1, new Target.Classes(3, List.of()), 4);
    List<String> original = new java.util.ArrayList<>();
    for (int r = 0; r < all.rows(); r++) {
      original.add(java.util.Arrays.toString(java.util.Arrays.copyOfRange(all.features(), r * 4, r * 4 + 4))
          + all.targets()[r]);
    }
    assertThat(rows).containsExactlyInAnyOrderElementsOf(original);
  }

  private static java.nio.file.Path irisPath() {
    return Samples.path("iris/iris.csv");
  }

  @Test
  void sameSeedSameSplitOtherSeedOtherSplit() {
    Dataset a = DataPipeline.prepare(iris(0.2, 0, false, 11)).test().orElseThrow();
    Dataset b = DataPipeline.prepare(iris(0.2, 0, false, 11)).test().orElseThrow();
    Dataset c = DataPipeline.prepare(iris(0.2, 0, false, 12)).test().orElseThrow();
    assertThat(b.features()).containsExactly(a.features());
    assertThat(c.features()).isNotEqualTo(a.features());
  }

  @Test
  void standardizesWithTrainingStatisticsOnly() {
    PreparedData p = DataPipeline.prepare(iris(0.2, 0.2, true, 5));
    Dataset train = p.train();
    for (int j = 0; j < 4; j++) {
      double sum = 0;
      double sq = 0;
      for (int r = 0; r < train.rows(); r++) {
        double v = train.features()[r * 4 + j];
        sum += v;
        sq += v * v;
      }
      double mean = sum / train.rows();
      assertThat(mean).isCloseTo(0, within(1e-5));
      assertThat(sq / train.rows() - mean * mean).isCloseTo(1, within(1e-4));
    }
    // The test part was shifted by the training mean, not its own: its mean is not exactly 0.
    Dataset test = p.test().orElseThrow();
    double testMean = 0;
    for (int r = 0; r < test.rows(); r++) {
      testMean += test.features()[r * 4];
    }
    assertThat(Math.abs(testMean / test.rows())).isGreaterThan(1e-3);
    Standardizer s = p.standardizer().orElseThrow();
    assertThat(s.mean()).hasSize(4);
  }

  @Test
  void standardizerKeepsConstantFeaturesFinite() {
    Dataset d = new Dataset(new float[] {1, 5, 2, 5, 3, 5}, 2, new float[0], 0, 3, List.of());
    Standardizer s = Standardizer.fit(d);
    assertThat(s.std()).containsExactly((float) Math.sqrt(2.0 / 3), 1f);
    s.apply(d);
    assertThat(d.features()[1]).isEqualTo(0f);
    assertThat(d.features()[0]).isCloseTo((float) (-1 / Math.sqrt(2.0 / 3)), within(1e-6f));
    Standardizer restored = new Standardizer(s.mean(), s.std());
    assertThat(restored.mean()).containsExactly(s.mean());
  }

  @Test
  void separateTestSourceUsesTheTrainingClasses() {
    Source tiny = new Source.Csv(Fixtures.path("csv/good/tiny.csv"), "", 1);
    DataPlan plan = new DataPlan(IRIS, Optional.of(tiny), 0, 0, false, 1, 4, new Target.Classes(3, List.of()));
    PreparedData p = DataPipeline.prepare(plan);
    assertThat(p.train().rows()).isEqualTo(150);
    assertThat(p.test().orElseThrow().targets()).containsExactly(0, 1, 2, 0, 1);

    Source unseen = new Source.Csv(Fixtures.path("csv/bad/unseen_label.csv"), "", 1);
    DataPlan bad = new DataPlan(IRIS, Optional.of(unseen), 0, 0, false, 1, 4, new Target.Classes(3, List.of()));
    assertThatThrownBy(() -> DataPipeline.prepare(bad)).hasMessageContaining("unknown class 'unicorn'");
  }

  @Test
  void splitsThatLeaveNothingAreRefused() {
    Source tiny = new Source.Csv(Fixtures.path("csv/good/integer_labels.csv"), "", 1);
    DataPlan plan = new DataPlan(tiny, Optional.empty(), 0.9, 0, false, 1, 2, new Target.Classes(0, List.of()));
    assertThatThrownBy(() -> DataPipeline.prepare(plan))
        .hasMessage("test_split 0.9 of 4 samples in " + tiny.describe() + " leaves none for training; use a smaller"
            + " fraction or more data");
    DataPlan negative = new DataPlan(tiny, Optional.empty(), 0, -0.1, false, 1, 2, new Target.Classes(0, List.of()));
    assertThatThrownBy(() -> DataPipeline.prepare(negative))
        .hasMessage("validation_split must be at least 0 and less than 1, got -0.1");
  }

  @Test
  void predictionInputGetsTheSavedStandardization() {
    Standardizer s = new Standardizer(new float[] {1, 1, 1, 1}, new float[] {2, 2, 2, 2});
    Dataset d = DataPipeline.loadForPrediction(
        new Source.Csv(Fixtures.path("csv/good/tiny.csv"), "species", 1), 4, Optional.of(s));
    assertThat(d.features()[0]).isEqualTo((5.1f - 1) / 2);
  }

  @Test
  void shuffleIsAPermutation() {
    Dataset d = new Dataset(new float[] {0, 1, 2, 3, 4}, 1, new float[] {0, 1, 2, 3, 4}, 1, 5, List.of());
    Dataset s = Splits.shuffle(d, new Rng(1));
    assertThat(s.features()).containsExactlyInAnyOrder(0, 1, 2, 3, 4);
    assertThat(s.targets()).containsExactly(s.features());
  }

  private static long distinctTargets(Dataset d) {
    return new java.util.HashSet<>(java.util.Arrays.asList(box(d.targets()))).size();
  }

  private static Float[] box(float[] a) {
    Float[] b = new Float[a.length];
    for (int i = 0; i < a.length; i++) {
      b[i] = a[i];
    }
    return b;
  }
}
