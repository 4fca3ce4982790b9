package dev.nnet.runtime.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nnet.runtime.data.DataBlock;
import dev.nnet.runtime.data.Source;
import dev.nnet.runtime.data.Target;
import dev.nnet.runtime.metrics.TaskType;
import dev.nnet.runtime.optim.OptimizerConfig;
import dev.nnet.runtime.testing.TestNet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A training plan, its overrides, and Training running it: data from its data block, settings from the plan. */
class TrainingPlanTest {
  @TempDir Path dir;

  private static final DataBlock BLOCK =
      new DataBlock(new Source.Csv(Path.of("points.csv"), "label", 1.0), Optional.empty(), 0.25, true);

  private static TrainingPlan plan(int epochs) {
    return new TrainingPlan(
        OptimizerConfig.defaults(OptimizerConfig.Kind.ADAM).withLearningRate(0.05),
        TaskType.MULTICLASS_CLASSIFICATION,
        "sparse_categorical_crossentropy",
        List.of("accuracy"),
        new TrainConfig(8, epochs, true, 11, Optional.empty()),
        0.0,
        Optional.of(BLOCK));
  }

  @Test
  void overridesChangeOneSettingEach() {
    TrainingPlan p = plan(5);
    assertThat(p.withEpochs(9).train()).isEqualTo(new TrainConfig(8, 9, true, 11, Optional.empty()));
    assertThat(p.withBatchSize(4).train()).isEqualTo(new TrainConfig(4, 5, true, 11, Optional.empty()));
    assertThat(p.withSeed(3).train()).isEqualTo(new TrainConfig(8, 5, true, 3, Optional.empty()));
    assertThat(p.withSeed(3).optimizer()).isEqualTo(p.optimizer());
    assertThat(p.withSeed(3).data()).isEqualTo(p.data());
  }

  @Test
  void overridesGivenTogetherKeepWhatIsNull() {
    TrainingPlan p = plan(5);
    assertThat(p.withOverrides(null, null, null)).isEqualTo(p);
    assertThat(p.withOverrides(9, null, 3L).train()).isEqualTo(new TrainConfig(8, 9, true, 3, Optional.empty()));
    assertThat(p.withOverrides(null, 32, null).train()).isEqualTo(new TrainConfig(32, 5, true, 11, Optional.empty()));
  }

  @Test
  void targetsFollowTheTask() {
    assertThat(plan(1).target(3)).isEqualTo(Target.classes(3));
    assertThat(plan(1).target(3, List.of("a", "b", "c"))).isEqualTo(Target.classes(List.of("a", "b", "c")));
    TrainingPlan regression = new TrainingPlan(plan(1).optimizer(), TaskType.REGRESSION, "mse", List.of("mae"),
        plan(1).train(), 0, Optional.empty());
    assertThat(regression.target(2)).isEqualTo(Target.regression(2));
    assertThat(regression.target(2, List.of("a"))).isEqualTo(Target.regression(2));
  }

  @Test
  void dataBlockPathsResolveAgainstTheFolderGiven() {
    DataBlock resolved = BLOCK.resolve(dir);
    assertThat(((Source.Csv) resolved.train()).path()).isEqualTo(dir.resolve("points.csv"));
    Path absolute = dir.resolve("elsewhere.csv").toAbsolutePath();
    assertThat(new Source.Csv(absolute, "", 1.0).resolve(Path.of("/other"))).isEqualTo(new Source.Csv(absolute, "", 1.0));
  }

  /** Two separable clusters of 40 points each, in a CSV with a named label column. */
  private void writePoints() throws IOException {
    StringBuilder csv = new StringBuilder("x,y,label\n");
    for (int i = 0; i < 40; i++) {
      double a = i / 40.0;
      csv.append(String.format("%.3f,%.3f,left%n", -2 - a, a));
      csv.append(String.format("%.3f,%.3f,right%n", 2 + a, -a));
    }
    Files.writeString(dir.resolve("points.csv"), csv);
  }

  @Test
  void fitLoadsTheDataBlockTrainsWithThePlanAndEvaluatesTheTestPart() throws IOException {
    writePoints();
    TestNet net = new TestNet(2, 4, 2, TestNet.Head.SOFTMAX, false, 8);
    TrainingResult run = Training.of(net, plan(30)).fit(dir);

    assertThat(run.history().epochs()).hasSize(30);
    assertThat(run.history().keys()).contains("loss", "accuracy");
    assertThat(run.data().classes()).containsExactly("left", "right");
    assertThat(run.data().standardizer()).isPresent();
    Evaluation test = run.test().orElseThrow();
    assertThat(test.samples()).isEqualTo(20);
    assertThat(test.metrics().get("accuracy")).isEqualTo(1.0);
  }

  @Test
  void fitStartsAFreshRunFromThePlansSeed() throws IOException {
    writePoints();
    TestNet net = new TestNet(2, 4, 2, TestNet.Head.SOFTMAX, false, 8);
    Training training = Training.of(net, plan(3));
    History first = training.fit(dir).history();
    History second = training.fit(dir).history();
    assertThat(second.epochs().get(0).values()).isEqualTo(first.epochs().get(0).values());
  }

  @Test
  void fitWithoutADataBlockSaysSo() {
    TestNet net = new TestNet(2, 4, 2, TestNet.Head.SOFTMAX, false, 8);
    TrainingPlan noData = new TrainingPlan(plan(1).optimizer(), plan(1).task(), plan(1).loss(), plan(1).metrics(),
        plan(1).train(), 0, Optional.empty());
    assertThatThrownBy(() -> Training.of(net, noData).fit(dir))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("has no data block");
  }
}
