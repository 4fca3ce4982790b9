package dev.nnet.cli.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nnet.cli.Cli;
import dev.nnet.runtime.checkpoint.Checkpoint;
import dev.nnet.runtime.checkpoint.Checkpoints;
import dev.nnet.runtime.checkpoint.SavedParameter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A learning rate of 1e6 makes plain SGD diverge within the first epoch: training must stop with a message naming
 * the epoch, the batch and the learning rate, keep the last good weights in {@code MODEL.weights.diverged}, and
 * leave the model's earlier weights untouched.
 */
class DivergenceTest {
  @TempDir Path dir;

  private Path irisModel(String learningRate) throws Exception {
    Path model = dir.resolve("iris.nnet");
    Files.writeString(model, """
        model Iris
        input [4]
        dense 16 relu
        dense 3 softmax
        loss sparse_categorical_crossentropy
        metrics accuracy
        optimizer sgd(learning_rate = %s)
        train { batch_size 16  epochs 20  seed 7 }
        data {
          train csv("%s", label = "species")
          test split 0.2
          standardize
        }
        """.formatted(learningRate, Cli.repoRoot().resolve("samples/iris/iris.csv")));
    return model;
  }

  @Test
  void aDivergingRunStopsNamesTheCauseAndKeepsTheLastGoodWeights() throws Exception {
    Path model = irisModel("0.05");
    Path weights = dir.resolve("iris.weights");
    Cli.Run good = Cli.run("train", model.toString());
    assertThat(good.exitCode()).as("%s", good).isZero();
    byte[] before = Files.readAllBytes(weights);

    irisModel("1e6");
    Cli.Run r = Cli.run("train", model.toString(), "--matmul", "ejml", "--threads", "1");

    assertThat(r.exitCode()).as("%s", r).isEqualTo(1);
    Path kept = dir.resolve("iris.weights.diverged");
    Matcher m = Pattern.compile(
            "training diverged: the (loss|weights) became (NaN|infinite|NaN or infinite) at epoch (\\d+), batch (\\d)"
                + " of 8; the weights from before the last update were restored\\. Try a lower learning rate \\(it is"
                + " 1e\\+6; for example 1e\\+5\\), or standardize the inputs\n"
                + "the last good weights \\(from before the failing update\\) are saved in "
                + Pattern.quote(kept.toString()) + "; evaluate them with: nnet evaluate " + Pattern.quote(model.toString())
                + " --weights " + Pattern.quote(kept.toString()) + "\n"
                + Pattern.quote(weights.toString()) + " is unchanged\n")
        .matcher(r.err());
    assertThat(m.matches()).as("stderr:%n%s", r.err()).isTrue();
    System.out.printf("diverged at epoch %s, batch %s%n", m.group(3), m.group(4));
    assertThat(r.out()).as("no epoch line for the failed epoch").doesNotContain("epoch " + m.group(3) + "/");

    assertThat(Files.readAllBytes(weights)).as("the earlier trained model is untouched").isEqualTo(before);
    assertThat(dir.resolve("iris.weights.resume")).doesNotExist();

    Checkpoint c = Checkpoints.read(kept);
    assertThat(c.trainingState()).isEmpty();
    assertThat(c.classes()).containsExactly("setosa", "versicolor", "virginica");
    assertThat(c.standardizer()).isPresent();
    for (SavedParameter p : c.parameters()) {
      for (double v : p.values()) {
        assertThat(Double.isFinite(v)).as("%s holds only finite values", p.name()).isTrue();
      }
    }
    Checkpoint earlier = Checkpoints.read(weights);
    assertThat(c.parameters().get(0).values()).as("the kept weights are this run's")
        .isNotEqualTo(earlier.parameters().get(0).values());

    // The kept weights are usable: they load into the model and evaluate to a finite loss.
    Cli.Run eval = Cli.run("evaluate", model.toString(), "--weights", kept.toString());
    assertThat(eval.exitCode()).as("%s", eval).isZero();
    Matcher loss = Pattern.compile("(?m)^loss (\\S+)").matcher(eval.out());
    assertThat(loss.find()).as("%s", eval).isTrue();
    assertThat(Double.isFinite(Double.parseDouble(loss.group(1)))).as("%s", eval).isTrue();
  }
}
