package com.example.iris;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnet.runtime.train.Evaluation;
import dev.nnet.runtime.train.Training;
import dev.nnet.runtime.train.TrainingResult;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Trains the generated {@link Iris} network on iris.csv with its model file's settings and checks it learns. */
class IrisTest {
  @Test
  void learnsTheSpecies() throws URISyntaxException {
    // Iris.nnet's optimizer, train block and data block (iris.csv: 20 % held out for testing, features
    // standardized with the training part's statistics) come with the class: one call trains it as `nnet train`.
    Path folder = Path.of(IrisTest.class.getResource("/iris.csv").toURI()).getParent();
    Iris iris = new Iris();
    TrainingResult run = Training.of(iris).fit(folder);

    assertEquals(List.of("setosa", "versicolor", "virginica"), run.data().classes());
    assertEquals(Iris.TRAINING_PLAN.train().epochs(), run.history().epochs().size());
    Evaluation test = run.test().orElseThrow();
    double accuracy = test.metrics().get("accuracy");
    System.out.printf("iris: test accuracy %.3f on %d flowers, loss %.4f%n", accuracy, test.samples(), test.loss());
    assertEquals(30, test.samples());
    assertTrue(accuracy >= 0.9, "test accuracy " + accuracy + " is below 0.9");

    // One flower at a time, as an application would: standardized like the training data, then predict.
    float[][] flowers = {{5.0f, 3.4f, 1.5f, 0.2f}, {5.9f, 2.8f, 4.3f, 1.3f}, {6.7f, 3.0f, 5.6f, 2.2f}};
    float[] probabilities = new float[Iris.OUTPUT_SIZE];
    for (int species = 0; species < flowers.length; species++) {
      float[] flower = flowers[species].clone();
      run.data().standardizer().orElseThrow().applyInPlace(flower, 1);
      iris.predict(flower, probabilities);
      assertEquals(species, argmax(probabilities), run.data().classes().get(species) + " not recognised");
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
