package com.example.iris;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnet.runtime.data.DataPipeline;
import dev.nnet.runtime.data.DataPlan;
import dev.nnet.runtime.data.PreparedData;
import dev.nnet.runtime.data.Source;
import dev.nnet.runtime.data.Target;
import dev.nnet.runtime.metrics.TaskType;
import dev.nnet.runtime.optim.OptimizerConfig;
import dev.nnet.runtime.train.Evaluation;
import dev.nnet.runtime.train.Evaluator;
import dev.nnet.runtime.train.TrainConfig;
import dev.nnet.runtime.train.Trainer;
import dev.nnet.runtime.train.TrainingListener;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Trains the generated {@link Iris} network on iris.csv and checks it tells the species apart. */
class IrisTest {
  private static final long SEED = 42;

  @Test
  void learnsTheSpecies() throws URISyntaxException {
    Path csv = Path.of(IrisTest.class.getResource("/iris.csv").toURI());
    // 150 flowers: 80 % to train on, 20 % held out, features standardized with the training part's statistics.
    PreparedData data =
        DataPipeline.prepare(
            new DataPlan(
                new Source.Csv(csv, "species", 1.0),
                Optional.empty(),
                0.2,
                0.0,
                true,
                SEED,
                Iris.INPUT_SIZE,
                new Target.Classes(Iris.OUTPUT_SIZE, List.of())));
    assertEquals(List.of("setosa", "versicolor", "virginica"), data.classes());

    // The settings of Iris.nnet: adam(learning_rate = 0.01), batches of 16, 150 epochs, seed 42.
    Iris iris = new Iris(16);
    iris.initialize(SEED);
    Trainer trainer =
        new Trainer(
            iris,
            OptimizerConfig.defaults(OptimizerConfig.Kind.ADAM).withLearningRate(0.01).create(),
            TaskType.MULTICLASS_CLASSIFICATION,
            List.of("accuracy"),
            new TrainConfig(16, 150, true, SEED, Optional.empty()));
    trainer.fit(data.train(), Optional.empty(), TrainingListener.NONE);

    Evaluation test =
        new Evaluator(iris, TaskType.MULTICLASS_CLASSIFICATION, List.of("accuracy"))
            .evaluate(data.test().orElseThrow());
    double accuracy = test.metrics().get("accuracy");
    System.out.printf("iris: test accuracy %.3f on %d flowers, loss %.4f%n", accuracy, test.samples(), test.loss());
    assertEquals(30, test.samples());
    assertTrue(accuracy >= 0.9, "test accuracy " + accuracy + " is below 0.9");

    // One flower at a time, as an application would: standardized like the training data, then predict.
    float[][] flowers = {{5.0f, 3.4f, 1.5f, 0.2f}, {5.9f, 2.8f, 4.3f, 1.3f}, {6.7f, 3.0f, 5.6f, 2.2f}};
    float[] probabilities = new float[Iris.OUTPUT_SIZE];
    for (int species = 0; species < flowers.length; species++) {
      float[] flower = flowers[species].clone();
      data.standardizer().orElseThrow().applyInPlace(flower, 1);
      iris.predict(flower, probabilities);
      assertEquals(species, argmax(probabilities), data.classes().get(species) + " not recognised");
    }
  }

  private static int argmax(float[] values) {
    int best = 0;
    for (int i = 1; i < values.length; i++) {
      if (values[i] > values[best]) {
        best = i;
      }
    }
    return best;
  }
}
