package dev.nnet.spark;

import dev.nnet.compiler.model.ModelSpec;
import dev.nnet.compiler.model.Training;
import dev.nnet.runtime.metrics.TaskType;
import dev.nnet.runtime.optim.OptimizerConfig;
import dev.nnet.runtime.train.EarlyStoppingConfig;
import dev.nnet.runtime.train.TrainConfig;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How a model trains, in a form that travels to executors (the runtime's configuration records are not
 * {@link Serializable}): the task, the metrics, the optimizer and the training settings. The same values as
 * {@code ./nnet train} derives from a model file.
 */
public final class TrainingSetup implements Serializable {
  private static final long serialVersionUID = 1L;

  private final TaskType task;
  private final ArrayList<String> metricKeys;
  private final OptimizerConfig.Kind optimizer;
  private final double[] optimizerValues;
  private final boolean nesterov;
  private final int batchSize;
  private final int epochs;
  private final boolean shuffle;
  private final long seed;
  private final String monitor;
  private final int patience;
  private final double minDelta;
  private final boolean restoreBest;

  public TrainingSetup(TaskType task, List<String> metricKeys, OptimizerConfig optimizer, TrainConfig training) {
    this.task = task;
    this.metricKeys = new ArrayList<>(metricKeys);
    this.optimizer = optimizer.kind();
    this.optimizerValues = new double[] {
      optimizer.learningRate(), optimizer.momentum(), optimizer.beta1(), optimizer.beta2(), optimizer.epsilon(),
      optimizer.weightDecay(), optimizer.rho(), optimizer.initialAccumulator()
    };
    this.nesterov = optimizer.nesterov();
    this.batchSize = training.batchSize();
    this.epochs = training.epochs();
    this.shuffle = training.shuffle();
    this.seed = training.seed();
    EarlyStoppingConfig es = training.earlyStopping().orElse(null);
    this.monitor = es == null ? null : es.monitor();
    this.patience = es == null ? 0 : es.patience();
    this.minDelta = es == null ? 0 : es.minDelta();
    this.restoreBest = es != null && es.restoreBest();
  }

  /** The setup a model file declares, as {@code ./nnet train} reads it. */
  public static TrainingSetup of(ModelSpec model) {
    TaskType task = switch (model.task()) {
      case BINARY_CLASSIFICATION -> TaskType.BINARY_CLASSIFICATION;
      case MULTICLASS_CLASSIFICATION -> TaskType.MULTICLASS_CLASSIFICATION;
      case REGRESSION -> TaskType.REGRESSION;
    };
    var o = model.optimizer();
    OptimizerConfig optimizer = new OptimizerConfig(OptimizerConfig.Kind.valueOf(o.kind().name()), o.learningRate(),
        o.momentum(), o.nesterov(), o.beta1(), o.beta2(), o.epsilon(), o.weightDecay(), o.rho(),
        o.initialAccumulator());
    Training t = model.training();
    TrainConfig training = new TrainConfig(t.batchSize(), t.epochs(), t.shuffle(), t.seed(),
        t.earlyStopping().map(e -> new EarlyStoppingConfig(e.monitor(), e.patience(), e.minDelta(), e.restoreBest())));
    return new TrainingSetup(task, model.metrics().stream().map(m -> m.key()).toList(), optimizer, training);
  }

  /** This setup with another global batch size, number of epochs or seed (null keeps the current value). */
  public TrainingSetup with(Integer batchSize, Integer epochs, Long seed) {
    TrainConfig t = training();
    return new TrainingSetup(task, metricKeys, optimizer(),
        new TrainConfig(batchSize != null ? batchSize : t.batchSize(), epochs != null ? epochs : t.epochs(),
            t.shuffle(), seed != null ? seed : t.seed(), t.earlyStopping()));
  }

  public TaskType task() {
    return task;
  }

  public List<String> metricKeys() {
    return List.copyOf(metricKeys);
  }

  public OptimizerConfig optimizer() {
    double[] v = optimizerValues;
    return new OptimizerConfig(optimizer, v[0], v[1], nesterov, v[2], v[3], v[4], v[5], v[6], v[7]);
  }

  /** The training settings; {@code batchSize} is the global batch, split among the tasks. */
  public TrainConfig training() {
    return new TrainConfig(batchSize, epochs, shuffle, seed,
        monitor == null ? Optional.empty()
            : Optional.of(new EarlyStoppingConfig(monitor, patience, minDelta, restoreBest)));
  }
}
