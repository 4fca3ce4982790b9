package dev.nnet.runtime.train;

import dev.nnet.runtime.Dataset;
import dev.nnet.runtime.Network;
import dev.nnet.runtime.Parameter;
import dev.nnet.runtime.Rng;
import dev.nnet.runtime.metrics.Metric;
import dev.nnet.runtime.metrics.Metrics;
import dev.nnet.runtime.metrics.TaskType;
import dev.nnet.runtime.optim.Optimizer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Trains a network with an optimizer: epochs of mini-batches in an order reshuffled before each epoch by a
 * generator seeded from the configuration, the last batch of an epoch possibly partial. The reported {@code loss}
 * is the mean per sample over the epoch (each batch's mean weighted by its size), as Keras reports it; training
 * metrics come from the same forward passes (in training mode). With validation data, every epoch ends with an
 * evaluation whose values are recorded under {@code val_} keys.
 *
 * <p>Divergence: every optimizer step leaves the weights it started from in a preallocated snapshot: the optimizer
 * stores each old weight in the same pass that updates it ({@link Optimizer#step(List, float[][], double[][])}),
 * and the few parameters it does not update (batch normalization's statistics) are copied before it. When a batch's
 * loss comes out NaN or infinite, the weights that produced it came from the previous step, so the snapshot holds
 * the last weights that gave a finite loss; they are restored and a {@link TrainingDivergedException} is thrown.
 *
 * <p>Determinism: the trainer draws only from its own generator and runs on one thread, so the same initial
 * weights, data and configuration give bit-identical weights. The caller initializes the network
 * ({@link Network#initialize(long)}) before the first {@link #fit}.
 *
 * <p>Interruption: {@link #requestStop()} (from any thread, such as a signal handler) makes the loop stop after the
 * step it is running, with a {@link TrainingInterruptedException}. {@link #state()} then holds everything needed to
 * continue from that step, in the middle of an epoch: the epoch's row order, the generators, the optimizer's slots
 * and the loss and metrics accumulated so far. A run restored from it ({@link #restore}) ends with the same weights,
 * bit for bit, as a run that was never interrupted.
 */
public final class Trainer {
  private final Network net;
  private final Optimizer optimizer;
  private final TrainConfig config;
  private final List<String> metricKeys;
  private final List<Metric> metrics;
  private final Evaluator validator;
  private final Rng shuffleRng;
  private final List<Parameter> params;
  private final WeightsSnapshot beforeStep;

  private int[] order;
  private int completedEpochs;
  private final List<EpochRecord> history = new ArrayList<>();
  private final EarlyStopping earlyStopping;
  /** The steps already run of the epoch in progress, when stopped in its middle; null at an epoch boundary. */
  private TrainingState.EpochProgress progress;
  /** Optimizer updates made by the running fit: the first one starts from the weights the fit started with. */
  private long updates;
  /** Set from another thread (a signal handler); read once per step, which costs no allocation. */
  private volatile boolean stopRequested;

  /**
   * @param metricKeys history keys of the metrics to report (see {@link Metrics#create(String, TaskType, int)})
   */
  public Trainer(Network net, Optimizer optimizer, TaskType task, List<String> metricKeys, TrainConfig config) {
    if (config.batchSize() > net.batchCapacity()) {
      throw new IllegalArgumentException(
          "batch size " + config.batchSize() + " exceeds the network's batch capacity " + net.batchCapacity());
    }
    this.net = net;
    this.optimizer = optimizer;
    this.config = config;
    this.metricKeys = List.copyOf(metricKeys);
    this.metrics = Metrics.create(metricKeys, task, net.outputSize());
    this.validator = new Evaluator(net, task, metricKeys);
    this.shuffleRng = new Rng(config.seed());
    this.params = net.parameters();
    this.beforeStep = new WeightsSnapshot(params);
    this.earlyStopping = new EarlyStopping(config.earlyStopping(), params, config.epochs(), metricKeys);
  }

  /**
   * Trains until {@code config.epochs()} epochs are complete (counting epochs of a restored state) or early
   * stopping ends the run.
   *
   * @param validation evaluated after every epoch, when present
   * @return the history of every epoch so far
   * @throws TrainingDivergedException when the loss or the weights become NaN or infinite
   * @throws TrainingInterruptedException when {@link #requestStop()} was called; {@link #state()} can then be saved
   *     and the run continued from it
   * @throws IllegalArgumentException when the data does not fit the network or the early-stopping monitor is not a
   *     key this run records
   */
  public History fit(Dataset train, Optional<Dataset> validation, TrainingListener listener) {
    checkFits(net, train, "training");
    validation.ifPresent(v -> checkFits(net, v, "validation"));
    earlyStopping.checkMonitor(validation.isPresent());
    if (order == null) {
      order = new int[train.rows()];
      for (int i = 0; i < order.length; i++) {
        order[i] = i;
      }
    } else if (order.length != train.rows()) {
      throw new IllegalArgumentException(
          "the restored training state is for " + order.length + " training samples, this data has " + train.rows());
    }
    int batch = config.batchSize();
    int rows = train.rows();
    int steps = (rows + batch - 1) / batch;
    if (progress != null && progress.stepsDone() > steps) {
      throw new IllegalArgumentException(
          "the restored training state stopped after step " + progress.stepsDone() + " of an epoch, this run has "
              + steps + " steps per epoch");
    }
    beforeStep.capture();
    updates = 0;
    listener.onTrainStart(completedEpochs + 1, config.epochs(), steps);
    while (completedEpochs < config.epochs() && !earlyStopping.stopped()) {
      int epoch = completedEpochs + 1;
      listener.onEpochStart(epoch, config.epochs());
      long start = System.nanoTime();
      int firstStep;
      double lossSum;
      int seen;
      double earlierSeconds;
      if (progress != null) {
        // Continuing an epoch stopped in its middle: its order is already shuffled, its sums already started.
        firstStep = progress.stepsDone() + 1;
        lossSum = progress.lossSum();
        seen = progress.samples();
        earlierSeconds = progress.seconds();
        for (int i = 0; i < metrics.size(); i++) {
          metrics.get(i).restoreState(progress.metrics().get(i));
        }
        progress = null;
      } else {
        if (config.shuffle()) {
          shuffleRng.shuffle(order);
        }
        for (int i = 0; i < metrics.size(); i++) {
          metrics.get(i).reset();
        }
        firstStep = 1;
        lossSum = 0;
        seen = 0;
        earlierSeconds = 0;
      }
      for (int step = firstStep; step <= steps; step++) {
        int from = (step - 1) * batch;
        int n = Math.min(batch, rows - from);
        net.loadBatch(train, order, from, n);
        double loss = net.forward(true);
        if (!Double.isFinite(loss)) {
          throw diverged("the loss became " + describe(loss), epoch, step, steps);
        }
        for (int i = 0; i < metrics.size(); i++) {
          metrics.get(i).update(net, train, order, from, n);
        }
        net.backward();
        beforeStep.captureFrozen();
        optimizer.step(params, beforeStep.floats(), beforeStep.doubles());
        updates++;
        lossSum += loss * n;
        seen += n;
        listener.onBatchEnd(step, steps, lossSum / seen);
        if (stopRequested) {
          progress = new TrainingState.EpochProgress(
              step, lossSum, seen, earlierSeconds + (System.nanoTime() - start) / 1e9, metricStates());
          throw interrupted(epoch, step, steps);
        }
      }
      // The last step's update is checked by no later forward pass in this epoch.
      if (!WeightsSnapshot.allFinite(params)) {
        throw diverged("the weights became NaN or infinite", epoch, steps, steps);
      }
      Map<String, Double> values = new LinkedHashMap<>();
      values.put("loss", lossSum / seen);
      for (Metric m : metrics) {
        values.put(m.key(), m.value());
      }
      if (validation.isPresent()) {
        Evaluation e = validator.evaluate(validation.get());
        if (!Double.isFinite(e.loss())) {
          throw diverged("the validation loss became " + describe(e.loss()), epoch, steps, steps);
        }
        values.put("val_loss", e.loss());
        for (var entry : e.metrics().entrySet()) {
          values.put("val_" + entry.getKey(), entry.getValue());
        }
      }
      EpochRecord record = new EpochRecord(epoch, earlierSeconds + (System.nanoTime() - start) / 1e9, values);
      history.add(record);
      completedEpochs = epoch;
      earlyStopping.afterEpoch(record);
      listener.onEpochEnd(record);
      if (stopRequested && completedEpochs < config.epochs() && !earlyStopping.stopped()) {
        throw interrupted(epoch, steps, steps);
      }
    }
    earlyStopping.restoreBestWeights(completedEpochs);
    History h = history();
    listener.onTrainEnd(h);
    return h;
  }

  /** The history so far. */
  public History history() {
    return new History(history, earlyStopping.stopped(), earlyStopping.bestEpoch());
  }

  /** Epochs completed so far (including those of a restored state). */
  public int completedEpochs() {
    return completedEpochs;
  }

  /**
   * Asks a running (or the next) {@link #fit} to stop after the step it is running, with a
   * {@link TrainingInterruptedException}. Safe to call from any thread, including a signal handler; returns at once.
   */
  public void requestStop() {
    stopRequested = true;
  }

  /**
   * A copy of the state needed to continue this run (see {@link TrainingState}): consistent after {@link #fit}
   * returns or is interrupted, and in {@link TrainingListener#onEpochEnd}; not after a divergence.
   */
  public TrainingState state() {
    if (order == null) {
      throw new IllegalStateException("no training has run: there is no state to save");
    }
    return new TrainingState(
        completedEpochs, shuffleRng.state(), net.random().state(), order, optimizer.exportState(), history,
        earlyStopping.state(),
        Optional.ofNullable(progress));
  }

  /**
   * Continues from {@code state} (with the network's weights already restored from the same checkpoint): the next
   * {@link #fit} runs the remaining epochs as the original run would have.
   *
   * @throws IllegalArgumentException when the state does not fit this network, optimizer or configuration
   */
  public void restore(TrainingState state) {
    int started = state.completedEpochs() + (state.inProgress().isPresent() ? 1 : 0);
    if (state.completedEpochs() < 0 || started > config.epochs()) {
      throw new IllegalArgumentException(
          "the saved training state has " + (state.inProgress().isPresent() ? "started epoch " : "completed ")
              + started + (state.inProgress().isPresent() ? "" : " epochs") + ", this run has " + config.epochs()
              + " epochs");
    }
    if (state.inProgress().isPresent()) {
      List<double[]> saved = state.inProgress().get().metrics();
      if (saved.size() != metrics.size()) {
        throw new IllegalArgumentException(
            "the saved epoch in progress has " + saved.size() + " training metrics, this run has " + metrics.size()
                + " (" + String.join(", ", metricKeys) + ")");
      }
      for (int i = 0; i < saved.size(); i++) {
        metrics.get(i).restoreState(saved.get(i)); // checks the shape now; fit sets it again when it continues
      }
    }
    WeightsSnapshot restoredBest = earlyStopping.load(state.earlyStopping());
    optimizer.restoreState(state.optimizer(), params);
    shuffleRng.setState(state.shuffleRngState());
    net.random().setState(state.networkRngState());
    order = state.order();
    completedEpochs = state.completedEpochs();
    history.clear();
    history.addAll(state.history());
    earlyStopping.restore(state.earlyStopping(), restoredBest);
    progress = state.inProgress().orElse(null);
  }

  private List<double[]> metricStates() {
    List<double[]> states = new ArrayList<>(metrics.size());
    for (Metric m : metrics) {
      states.add(m.exportState());
    }
    return states;
  }

  private TrainingInterruptedException interrupted(int epoch, int step, int steps) {
    stopRequested = false;
    boolean midEpoch = progress != null;
    String where = midEpoch
        ? "during epoch " + epoch + " of " + config.epochs() + ", after batch " + step + " of " + steps
        : "after epoch " + epoch + " of " + config.epochs();
    return new TrainingInterruptedException("training interrupted " + where, epoch, midEpoch ? step : steps,
        midEpoch);
  }

  /**
   * Restores the weights from before the update that broke them (the last one made: a failed forward pass or check
   * follows it) and describes what happened.
   */
  private TrainingDivergedException diverged(String what, int epoch, int step, int steps) {
    beforeStep.restore();
    boolean beforeAnyUpdate = updates == 0;
    double lr = optimizer.config().learningRate();
    String restored = beforeAnyUpdate
        ? "; no update had been made yet, so the starting weights or the data are at fault: check the data for"
            + " extreme values or standardize it"
        : "; the weights from before the last update were restored. Try a lower learning rate (it is "
            + decimal(lr) + "; for example " + decimal(lr / 10) + "), or standardize the inputs";
    return new TrainingDivergedException(
        "training diverged: " + what + " at epoch " + epoch + ", batch " + step + " of " + steps + restored,
        epoch,
        step,
        beforeAnyUpdate,
        updates <= 1,
        history());
  }

  /** {@code 0.01}, {@code 1e+6}: the shortest form that reads back as {@code v}, as a model file would write it. */
  private static String decimal(double v) {
    return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toString().toLowerCase(Locale.ROOT);
  }

  private static String describe(double v) {
    return Double.isNaN(v) ? "NaN" : "infinite";
  }

  /** Checks that {@code data} has the network's input size and a target layout the network can read. */
  static void checkFits(Network net, Dataset data, String what) {
    if (data.featureSize() != net.inputSize()) {
      throw new IllegalArgumentException(
          "the " + what + " data has " + data.featureSize() + " features per sample, the network takes "
              + net.inputSize());
    }
    if (data.rows() == 0) {
      throw new IllegalArgumentException("the " + what + " data has no samples");
    }
    if (data.targetSize() == 0) {
      throw new IllegalArgumentException("the " + what + " data has no targets");
    }
  }
}
