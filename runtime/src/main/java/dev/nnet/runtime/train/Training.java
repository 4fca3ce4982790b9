package dev.nnet.runtime.train;

import dev.nnet.runtime.Dataset;
import dev.nnet.runtime.Network;
import dev.nnet.runtime.data.DataBlock;
import dev.nnet.runtime.data.DataPipeline;
import dev.nnet.runtime.data.DataPlan;
import dev.nnet.runtime.data.PreparedData;
import dev.nnet.runtime.data.Source;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Trains a network with its {@link TrainingPlan}: the optimizer, task, metrics, train block and data block of its
 * model file. One call trains a generated class as {@code nnet train} would:
 *
 * <pre>{@code
 * Iris iris = new Iris();
 * TrainingResult run = Training.of(iris).fit(Path.of("src/main/nnet/com/example/iris")); // the data's folder
 * }</pre>
 *
 * <p>The pieces are public too, for callers that train their own way ({@code nnet train} builds its trainer with
 * {@link #trainer()} to add a progress bar, backups and resumption).
 */
public final class Training {
  private final Network network;
  private final TrainingPlan plan;

  private Training(Network network, TrainingPlan plan) {
    this.network = network;
    this.plan = plan;
  }

  /** Training of a generated network with its model file's plan. */
  public static <N extends Network & Planned> Training of(N network) {
    return new Training(network, network.trainingPlan());
  }

  /** Training of {@code network} with {@code plan} (a generated plan with some settings changed, for example). */
  public static Training of(Network network, TrainingPlan plan) {
    return new Training(network, plan);
  }

  public TrainingPlan plan() {
    return plan;
  }

  /** Sets the network's initial weights from the plan's seed, as a fresh run starts. */
  public void initialize() {
    network.initialize(plan.train().seed());
  }

  /** A trainer with the plan's optimizer (fresh state), task, metrics and train block. */
  public Trainer trainer() {
    return new Trainer(network, plan.optimizer().create(), plan.task(), plan.metrics(), plan.train());
  }

  /** An evaluator with the plan's task and metrics. */
  public Evaluator evaluator() {
    return new Evaluator(network, plan.task(), plan.metrics());
  }

  /**
   * What to load: {@code block} (its paths resolved), split and labelled as the plan says. A test source given
   * apart ({@code testOverride}, such as {@code nnet train --test}) replaces the block's test source or split.
   */
  public DataPlan dataPlan(DataBlock resolved, Optional<Source> testOverride) {
    Optional<Source> test = testOverride.isPresent() ? testOverride : resolved.test();
    double testSplit = test.isPresent() ? 0 : resolved.testSplit();
    return new DataPlan(
        resolved.train(),
        test,
        testSplit,
        plan.validationSplit(),
        resolved.standardize(),
        plan.train().seed(),
        network.inputSize(),
        plan.target(network.outputSize()));
  }

  /**
   * Loads, splits and standardizes the plan's data block, its paths resolved against {@code base} (the folder of
   * the model file, or wherever its data files are).
   *
   * @throws IllegalStateException when the model file has no data block
   * @throws dev.nnet.runtime.data.DataException when the data cannot be read or does not fit the model
   */
  public PreparedData loadData(Path base) {
    DataBlock block =
        plan.data().orElseThrow(() -> new IllegalStateException(
            network.name() + "'s model file has no data block: give the data to fit(PreparedData) instead"));
    return DataPipeline.prepare(dataPlan(block.resolve(base), Optional.empty()));
  }

  /**
   * A fresh run on the plan's data block: loads the data ({@link #loadData}), initializes the network from the
   * plan's seed, trains it, and evaluates it on the test part when there is one.
   */
  public TrainingResult fit(Path base) {
    return fit(loadData(base));
  }

  /** A fresh run on data already prepared: initializes the network, trains it, evaluates it on the test part. */
  public TrainingResult fit(PreparedData data) {
    History history = fit(data.train(), data.validation());
    return new TrainingResult(data, history, data.test().map(t -> evaluator().evaluate(t)));
  }

  /** A fresh run on {@code train} (and {@code validation}, evaluated after each epoch): the history of the run. */
  public History fit(Dataset train, Optional<Dataset> validation) {
    initialize();
    return trainer().fit(train, validation, TrainingListener.NONE);
  }
}
