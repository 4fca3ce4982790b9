package dev.nnet.runtime.train;

import dev.nnet.runtime.data.DataBlock;
import dev.nnet.runtime.data.Target;
import dev.nnet.runtime.metrics.TaskType;
import dev.nnet.runtime.optim.OptimizerConfig;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How a model file says to train its network, every default filled in: the generated class holds it as the constant
 * {@code TRAINING_PLAN}, so the settings travel with the model instead of being typed again. {@link Training} runs
 * it; {@code nnet train} runs it too, after applying its {@code --epochs}, {@code --batch-size} and {@code --seed}
 * (the {@code with...} methods).
 *
 * @param optimizer the optimizer with its arguments
 * @param task what the network predicts, which decides how metrics read its outputs
 * @param loss the loss as the model file writes it ({@code huber(delta = 0.5)}); the generated class computes it
 * @param metrics the history keys of the metrics, in the order written
 * @param train the {@code train} block's batch size, epochs, shuffling, seed and early stopping
 * @param validationSplit the {@code train} block's fraction of the training part held out for validation
 * @param data the {@code data} block, when the model file has one
 */
public record TrainingPlan(
    OptimizerConfig optimizer,
    TaskType task,
    String loss,
    List<String> metrics,
    TrainConfig train,
    double validationSplit,
    Optional<DataBlock> data) {

  public TrainingPlan {
    Objects.requireNonNull(optimizer, "optimizer");
    Objects.requireNonNull(task, "task");
    Objects.requireNonNull(loss, "loss");
    metrics = List.copyOf(metrics);
    Objects.requireNonNull(train, "train");
    Objects.requireNonNull(data, "data");
  }

  /** The same plan with {@code epochs} epochs. */
  public TrainingPlan withEpochs(int epochs) {
    return withTrain(new TrainConfig(train.batchSize(), epochs, train.shuffle(), train.seed(), train.earlyStopping()));
  }

  /** The same plan with batches of {@code batchSize} samples. */
  public TrainingPlan withBatchSize(int batchSize) {
    return withTrain(new TrainConfig(batchSize, train.epochs(), train.shuffle(), train.seed(), train.earlyStopping()));
  }

  /** The same plan with another seed (initial weights, shuffling and splits). */
  public TrainingPlan withSeed(long seed) {
    return withTrain(new TrainConfig(train.batchSize(), train.epochs(), train.shuffle(), seed, train.earlyStopping()));
  }

  /**
   * The same plan with a run's changes, as {@code nnet train --epochs --batch-size --seed} and nnet-spark give them;
   * a null keeps the plan's value.
   */
  public TrainingPlan withOverrides(Integer epochs, Integer batchSize, Long seed) {
    TrainingPlan p = this;
    if (epochs != null) {
      p = p.withEpochs(epochs);
    }
    if (batchSize != null) {
      p = p.withBatchSize(batchSize);
    }
    if (seed != null) {
      p = p.withSeed(seed);
    }
    return p;
  }

  /** The same plan with another data block. */
  public TrainingPlan withData(DataBlock block) {
    return new TrainingPlan(optimizer, task, loss, metrics, train, validationSplit, Optional.of(block));
  }

  private TrainingPlan withTrain(TrainConfig t) {
    return new TrainingPlan(optimizer, task, loss, metrics, t, validationSplit, data);
  }

  /** What the labels of a network with {@code outputs} outputs are: classes found in the data, or values. */
  public Target target(int outputs) {
    return task == TaskType.REGRESSION ? Target.regression(outputs) : Target.classes(task.classes(outputs));
  }

  /** The same, with the class names fixed by training (for test and evaluation data); none known: as above. */
  public Target target(int outputs, List<String> classes) {
    return task == TaskType.REGRESSION || classes.isEmpty() ? target(outputs) : Target.classes(classes);
  }
}
