package dev.nnet.compiler.javac;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nnet.compiler.CheckResult;
import dev.nnet.compiler.Frontend;
import dev.nnet.compiler.codegen.Generator;
import dev.nnet.compiler.codegen.GeneratorOptions;
import dev.nnet.compiler.model.ModelSpec;
import dev.nnet.runtime.Network;
import dev.nnet.runtime.data.DataBlock;
import dev.nnet.runtime.data.Source;
import dev.nnet.runtime.metrics.TaskType;
import dev.nnet.runtime.optim.OptimizerConfig;
import dev.nnet.runtime.train.EarlyStoppingConfig;
import dev.nnet.runtime.train.Planned;
import dev.nnet.runtime.train.TrainConfig;
import dev.nnet.runtime.train.TrainingPlan;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The training plan a generated class carries is the model file's settings, every default filled in. */
@Tag("slow") // javac-heavy: in mvn verify; GoldenTest shows the generated plan in mvn test
class TrainingPlanCodeTest {
  private static TrainingPlan planOf(String source) throws ReflectiveOperationException {
    CheckResult result = Frontend.check("plan.nnet", source);
    assertThat(result.hasErrors()).as(result.render()).isFalse();
    ModelSpec spec = result.model().orElseThrow();
    Network net = ModelCompiler.inMemory()
        .instantiate(Generator.generate(spec, GeneratorOptions.defaults()), spec.qualifiedName(), Network.class, 1);
    TrainingPlan plan = ((Planned) net).trainingPlan();
    assertThat(net.getClass().getField("TRAINING_PLAN").get(null)).isSameAs(plan);
    return plan;
  }

  @Test
  void everySettingOfARegressionModel() throws ReflectiveOperationException {
    TrainingPlan plan = planOf("""
        model Prices
        input [3]
        dense 8 relu
        dense 1
        loss huber(delta = 0.5)
        metrics mae, r2
        optimizer rmsprop(learning_rate = 0.005, rho = 0.8, momentum = 0.1, epsilon = 1e-6)
        train {
          batch_size 4  epochs 7  shuffle false  validation_split 0.25  seed 9
          early_stopping(monitor = val_mae, patience = 2, min_delta = 1e-3, restore_best_weights = true)
        }
        data {
          train csv("data/prices.csv", label = "price") scale 0.5
          test csv("/abs/test.csv")
          standardize
        }
        """);
    assertThat(plan).isEqualTo(new TrainingPlan(
        new OptimizerConfig(OptimizerConfig.Kind.RMSPROP, 0.005, 0.1, false, 0, 0, 1e-6, 0, 0.8, 0),
        TaskType.REGRESSION,
        "huber(delta = 0.5)",
        List.of("mae", "r2"),
        new TrainConfig(4, 7, false, 9, Optional.of(new EarlyStoppingConfig("val_mae", 2, 1e-3, true))),
        0.25,
        Optional.of(new DataBlock(
            new Source.Csv(Path.of("data/prices.csv"), "price", 0.5),
            Optional.of(new Source.Csv(Path.of("/abs/test.csv"), "", 1.0)),
            0,
            true))));
  }

  @Test
  void defaultsOfAClassifierWithoutDataBlock() throws ReflectiveOperationException {
    TrainingPlan plan = planOf("""
        model Tiny
        input [2]
        dense 3 softmax
        loss sparse_categorical_crossentropy
        metrics accuracy
        optimizer adam
        """);
    assertThat(plan).isEqualTo(new TrainingPlan(
        OptimizerConfig.defaults(OptimizerConfig.Kind.ADAM),
        TaskType.MULTICLASS_CLASSIFICATION,
        "sparse_categorical_crossentropy",
        List.of("accuracy"),
        TrainConfig.defaults(),
        0,
        Optional.empty()));
  }

  @Test
  void idxSourcesAndATestSplit() throws ReflectiveOperationException {
    TrainingPlan plan = planOf("""
        model Digits
        input [4]
        dense 1 sigmoid
        loss binary_crossentropy
        data {
          train idx("images.gz", "labels.gz") scale 1/255
          test split 0.1
        }
        """);
    assertThat(plan.task()).isEqualTo(TaskType.BINARY_CLASSIFICATION);
    assertThat(plan.data()).contains(new DataBlock(
        new Source.Idx(Path.of("images.gz"), Path.of("labels.gz"), 1 / 255.0), Optional.empty(), 0.1, false));
  }
}
