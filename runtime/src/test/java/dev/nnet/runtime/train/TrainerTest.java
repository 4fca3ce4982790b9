package dev.nnet.runtime.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.nnet.runtime.Dataset;
import dev.nnet.runtime.Network;
import dev.nnet.runtime.Parameter;
import dev.nnet.runtime.data.DataPipeline;
import dev.nnet.runtime.data.DataPlan;
import dev.nnet.runtime.data.PreparedData;
import dev.nnet.runtime.data.Source;
import dev.nnet.runtime.data.Target;
import dev.nnet.runtime.metrics.TaskType;
import dev.nnet.runtime.optim.Optimizer;
import dev.nnet.runtime.optim.OptimizerConfig;
import dev.nnet.runtime.optim.OptimizerConfig.Kind;
import dev.nnet.runtime.testing.Allocations;
import dev.nnet.runtime.testing.Allocations.Jit;
import dev.nnet.runtime.testing.Samples;
import dev.nnet.runtime.testing.TestNet;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TrainerTest {
  private static final TaskType MULTI = TaskType.MULTICLASS_CLASSIFICATION;

  static PreparedData iris(double validationSplit) {
    Source src = new Source.Csv(Samples.path("iris/iris.csv"), "species", 1);
    return DataPipeline.prepare(
        new DataPlan(src, Optional.empty(), 0.2, validationSplit, true, 42, 4, new Target.Classes(3, List.of())));
  }

  static TestNet irisNet(boolean isDouble, long seed) {
    TestNet net = new TestNet(4, 16, 3, TestNet.Head.SOFTMAX, isDouble, 64);
    net.initialize(seed);
    return net;
  }

  static double[] weights(Network net) {
    List<Double> all = new ArrayList<>();
    for (Parameter p : net.parameters()) {
      for (int i = 0; i < p.size(); i++) {
        all.add(p.get(i));
      }
    }
    return all.stream().mapToDouble(Double::doubleValue).toArray();
  }

  @ParameterizedTest(name = "float64 {0}")
  @ValueSource(booleans = {false, true})
  void learnsIrisEndToEnd(boolean isDouble) {
    PreparedData data = iris(0.1);
    TestNet net = irisNet(isDouble, 1);
    Optimizer adam = OptimizerConfig.defaults(Kind.ADAM).withLearningRate(0.01).create();
    TrainConfig config = new TrainConfig(16, 60, true, 7, Optional.empty());
    Trainer trainer = new Trainer(net, adam, MULTI, List.of("accuracy", "f1"), config);
    History h = trainer.fit(data.train(), data.validation(), TrainingListener.NONE);

    assertThat(h.epochs()).hasSize(60);
    assertThat(h.keys()).containsExactly("loss", "accuracy", "f1", "val_loss", "val_accuracy", "val_f1");
    assertThat(h.last().get("loss")).isLessThan(h.epochs().get(0).get("loss") / 3);
    Evaluation test = new Evaluator(net, MULTI, List.of("accuracy")).evaluate(data.test().orElseThrow());
    assertThat(test.samples()).isEqualTo(30);
    assertThat(test.metrics().get("accuracy")).isGreaterThanOrEqualTo(0.9);
    assertThat(test.confusion().orElseThrow().accuracy()).isEqualTo(test.metrics().get("accuracy"));
  }

  @ParameterizedTest(name = "float64 {0}")
  @ValueSource(booleans = {false, true})
  void sameSeedGivesBitIdenticalWeights(boolean isDouble) {
    PreparedData data = iris(0);
    double[][] runs = new double[3][];
    for (int run = 0; run < 3; run++) {
      TestNet net = irisNet(isDouble, 5);
      TrainConfig config = new TrainConfig(10, 5, true, run < 2 ? 99 : 100, Optional.empty());
      new Trainer(net, OptimizerConfig.defaults(Kind.ADAM).create(), MULTI, List.of(), config)
          .fit(data.train(), Optional.empty(), TrainingListener.NONE);
      runs[run] = weights(net);
    }
    assertThat(runs[1]).containsExactly(runs[0]);
    assertThat(runs[2]).as("another shuffle seed").isNotEqualTo(runs[0]);
  }

  /**
   * With two or three threads the weights are the same bits as on one thread, with a partial last batch (108 rows in
   * batches of 16) and a validation pass between epochs.
   */
  @ParameterizedTest(name = "float64 {0}")
  @ValueSource(booleans = {false, true})
  void moreThreadsGiveTheSameWeights(boolean isDouble) {
    PreparedData data = iris(0.1);
    double[][] runs = new double[3][];
    dev.nnet.runtime.blas.MatMulBackend before = dev.nnet.runtime.blas.MatMul.backend();
    try {
      for (int threads = 1; threads <= 3; threads++) {
        dev.nnet.runtime.blas.MatMul.select("ejml", threads);
        TestNet net = irisNet(isDouble, 5);
        TrainConfig config = new TrainConfig(16, 3, true, 99, Optional.empty());
        new Trainer(net, OptimizerConfig.defaults(Kind.ADAM).create(), MULTI, List.of("accuracy"), config)
            .fit(data.train(), data.validation(), TrainingListener.NONE);
        runs[threads - 1] = weights(net);
      }
    } finally {
      dev.nnet.runtime.blas.MatMul.setBackend(before);
    }
    assertThat(runs[0]).isNotEqualTo(weights(irisNet(isDouble, 5)));
    assertThat(runs[1]).containsExactly(runs[0]);
    assertThat(runs[2]).containsExactly(runs[0]);
  }

  /** Wraps a network to record every training forward pass's loss and batch size. */
  private static final class Recording extends Delegating {
    final List<double[]> batches = new ArrayList<>();
    private int n;

    Recording(Network inner) {
      super(inner);
    }

    @Override
    public void loadBatch(Dataset data, int[] order, int from, int n) {
      this.n = n;
      super.loadBatch(data, order, from, n);
    }

    @Override
    public double forward(boolean training) {
      double loss = super.forward(training);
      if (training) {
        batches.add(new double[] {loss, n});
      }
      return loss;
    }
  }

  @Test
  void epochLossIsTheMeanPerSampleIncludingThePartialBatch() {
    PreparedData data = iris(0);
    Recording net = new Recording(irisNet(false, 3));
    List<int[]> steps = new ArrayList<>();
    TrainingListener listener = new TrainingListener() {
      @Override
      public void onBatchEnd(int step, int total, double runningLoss) {
        steps.add(new int[] {step, total});
      }
    };
    // 120 training samples in batches of 50: 50, 50, 20.
    History h = new Trainer(net, OptimizerConfig.defaults(Kind.SGD).create(), MULTI, List.of(),
        new TrainConfig(50, 2, true, 1, Optional.empty())).fit(data.train(), Optional.empty(), listener);
    assertThat(net.batches).hasSize(6);
    assertThat(net.batches.stream().mapToInt(b -> (int) b[1])).containsExactly(50, 50, 20, 50, 50, 20);
    assertThat(steps.get(2)).containsExactly(3, 3);
    for (int e = 0; e < 2; e++) {
      double sum = 0;
      for (int b = 0; b < 3; b++) {
        sum += net.batches.get(3 * e + b)[0] * net.batches.get(3 * e + b)[1];
      }
      assertThat(h.epochs().get(e).get("loss")).isCloseTo(sum / 120, within(1e-12));
    }
  }

  @Test
  void earlyStoppingStopsAndRestoresTheBestWeights() {
    PreparedData data = iris(0.2);
    TestNet net = irisNet(true, 2);
    // A min_delta no epoch can beat: epoch 1 is the best, patience 2 stops after epoch 3.
    EarlyStoppingConfig es = new EarlyStoppingConfig("val_loss", 2, 100.0, true);
    List<double[]> afterEpoch = new ArrayList<>();
    TrainingListener listener = new TrainingListener() {
      @Override
      public void onEpochEnd(EpochRecord record) {
        afterEpoch.add(weights(net));
      }
    };
    History h = new Trainer(net, OptimizerConfig.defaults(Kind.ADAM).withLearningRate(0.05).create(), MULTI,
        List.of("accuracy"), new TrainConfig(16, 20, true, 1, Optional.of(es)))
        .fit(data.train(), data.validation(), listener);
    assertThat(h.epochs()).hasSize(3);
    assertThat(h.stoppedEarly()).isTrue();
    assertThat(h.bestEpoch()).isEqualTo(1);
    assertThat(weights(net)).containsExactly(afterEpoch.get(0));
    assertThat(afterEpoch.get(2)).isNotEqualTo(afterEpoch.get(0));
  }

  @Test
  void earlyStoppingKeepsImprovingRunsGoing() {
    PreparedData data = iris(0.2);
    EarlyStoppingConfig es = new EarlyStoppingConfig("val_accuracy", 3, 0, false);
    History h = new Trainer(irisNet(false, 2), OptimizerConfig.defaults(Kind.ADAM).withLearningRate(0.01).create(),
        MULTI, List.of("accuracy"), new TrainConfig(16, 4, true, 1, Optional.of(es)))
        .fit(data.train(), data.validation(), TrainingListener.NONE);
    assertThat(h.epochs()).hasSize(4);
    assertThat(h.stoppedEarly()).isFalse();
  }

  @Test
  void monitorMustBeRecorded() {
    PreparedData data = iris(0);
    EarlyStoppingConfig es = new EarlyStoppingConfig("val_loss", 3, 0, false);
    Trainer t = new Trainer(irisNet(false, 2), OptimizerConfig.defaults(Kind.ADAM).create(), MULTI,
        List.of("accuracy"), new TrainConfig(16, 4, true, 1, Optional.of(es)));
    assertThatThrownBy(() -> t.fit(data.train(), Optional.empty(), TrainingListener.NONE))
        .hasMessage("early stopping monitors 'val_loss', which this run does not record; there is no validation data"
            + " (set a validation split), so it can monitor one of: loss, accuracy");
  }

  @ParameterizedTest(name = "float64 {0}")
  @ValueSource(booleans = {false, true})
  void divergenceStopsWithTheWeightsOfTheLastFiniteLoss(boolean isDouble) {
    // Unstandardized features (up to ~8) and a linear regression with a learning rate far too large: predict
    // petal_width from the other three measurements.
    Dataset iris = DataPipeline.loadForPrediction(
        new Source.Csv(Samples.path("iris/iris.csv"), "species", 1), 4, Optional.empty());
    float[] x = new float[150 * 3];
    float[] y = new float[150];
    for (int r = 0; r < 150; r++) {
      System.arraycopy(iris.features(), r * 4, x, r * 3, 3);
      y[r] = iris.features()[r * 4 + 3];
    }
    Dataset train = new Dataset(x, 3, y, 1, 150, List.of());
    TestNet net = new TestNet(train.featureSize(), 0, 1, TestNet.Head.LINEAR, isDouble, 32);
    net.initialize(1);
    List<double[]> after = new ArrayList<>();
    after.add(weights(net));
    TrainingListener listener = new TrainingListener() {
      @Override
      public void onBatchEnd(int step, int steps, double runningLoss) {
        after.add(weights(net));
      }
    };
    Trainer t = new Trainer(net, OptimizerConfig.defaults(Kind.SGD).withLearningRate(5).create(),
        TaskType.REGRESSION, List.of("mse"), new TrainConfig(32, 50, true, 1, Optional.empty()));
    TrainingDivergedException e = org.junit.jupiter.api.Assertions.assertThrows(
        TrainingDivergedException.class, () -> t.fit(train, Optional.empty(), listener));
    assertThat(e.getMessage())
        .matches("training diverged: the loss became (NaN|infinite) at epoch \\d+, batch \\d of 5; the weights from"
            + " before the last update were restored\\. Try a lower learning rate \\(it is 5; for example 0\\.5\\),"
            + " or standardize the inputs");
    int global = (e.epoch() - 1) * 5 + e.batch(); // the batch whose forward pass failed, counted from 1
    assertThat(after).hasSize(global); // weights after steps 0 .. global-1
    double[] restored = weights(net);
    assertThat(restored).containsExactly(after.get(global - 2));
    for (double w : restored) {
      assertThat(Double.isFinite(w)).isTrue();
    }
    assertThat(e.history().epochs()).hasSize(e.epoch() - 1);
    assertThat(e.beforeAnyUpdate()).isFalse();
    assertThat(e.restoredStartingWeights()).isEqualTo(global == 2);
  }

  @Test
  void nanWeightsFromTheLastStepOfAnEpochAreCaughtAtItsEnd() {
    PreparedData data = iris(0);
    TestNet inner = irisNet(false, 4);
    int[] calls = {0};
    // 120 samples in batches of 40: the third backward pass of epoch 1 poisons the gradients.
    Network poisoned = new Delegating(inner) {
      @Override
      public void backward() {
        super.backward();
        if (++calls[0] == 3) {
          for (Parameter p : parameters()) {
            dev.nnet.runtime.testing.Params.setGradient(p, 0, Double.NaN);
          }
        }
      }
    };
    List<double[]> after = new ArrayList<>();
    TrainingListener listener = new TrainingListener() {
      @Override
      public void onBatchEnd(int step, int steps, double runningLoss) {
        after.add(weights(inner));
      }
    };
    Trainer t = new Trainer(poisoned, OptimizerConfig.defaults(Kind.SGD).create(), MULTI, List.of(),
        new TrainConfig(40, 3, true, 1, Optional.empty()));
    assertThatThrownBy(() -> t.fit(data.train(), Optional.empty(), listener))
        .isInstanceOf(TrainingDivergedException.class)
        .hasMessage("training diverged: the weights became NaN or infinite at epoch 1, batch 3 of 3; the weights from"
            + " before the last update were restored. Try a lower learning rate (it is 0.01; for example 0.001), or"
            + " standardize the inputs");
    assertThat(after.get(2)[0]).isNaN();
    assertThat(weights(inner)).containsExactly(after.get(1));
  }

  @Test
  void resumingFromAStateReproducesTheUninterruptedRun() {
    PreparedData data = iris(0.2);
    EarlyStoppingConfig es = new EarlyStoppingConfig("val_loss", 10, 0, true);
    TrainConfig config = new TrainConfig(16, 6, true, 3, Optional.of(es));
    OptimizerConfig adam = OptimizerConfig.defaults(Kind.ADAM).withLearningRate(0.02);

    TestNet straight = irisNet(false, 8);
    History full = new Trainer(straight, adam.create(), MULTI, List.of("accuracy"), config)
        .fit(data.train(), data.validation(), TrainingListener.NONE);

    TestNet first = irisNet(false, 8);
    TrainingState[] saved = new TrainingState[1];
    double[][] savedWeights = new double[1][];
    Trainer interrupted = new Trainer(first, adam.create(), MULTI, List.of("accuracy"), config);
    TrainingListener stopAfter3 = new TrainingListener() {
      @Override
      public void onEpochEnd(EpochRecord record) {
        if (record.epoch() == 3) {
          saved[0] = interrupted.state();
          savedWeights[0] = weights(first);
          throw new IllegalStateException("simulated crash");
        }
      }
    };
    assertThatThrownBy(() -> interrupted.fit(data.train(), data.validation(), stopAfter3)).hasMessage("simulated crash");

    TestNet second = new TestNet(4, 16, 3, TestNet.Head.SOFTMAX, false, 64);
    second.initialize(12345); // deliberately different: the weights come from the "checkpoint"
    int k = 0;
    for (Parameter p : second.parameters()) {
      for (int i = 0; i < p.size(); i++) {
        p.set(i, savedWeights[0][k++]);
      }
    }
    Trainer resumed = new Trainer(second, adam.create(), MULTI, List.of("accuracy"), config);
    resumed.restore(saved[0]);
    History h = resumed.fit(data.train(), data.validation(), TrainingListener.NONE);
    assertThat(h.epochs()).hasSize(6);
    assertThat(weights(second)).containsExactly(weights(straight));
    for (int e = 0; e < 6; e++) {
      assertThat(h.epochs().get(e).values()).isEqualTo(full.epochs().get(e).values());
    }
  }

  @Test
  void rejectsDataThatDoesNotFit() {
    Dataset wrong = new Dataset(new float[6], 3, new float[2], 1, 2, List.of());
    Trainer t = new Trainer(irisNet(false, 1), OptimizerConfig.defaults(Kind.SGD).create(), MULTI, List.of(),
        TrainConfig.defaults());
    assertThatThrownBy(() -> t.fit(wrong, Optional.empty(), TrainingListener.NONE))
        .hasMessage("the training data has 3 features per sample, the network takes 4");
    assertThatThrownBy(() -> new Trainer(irisNet(false, 1), OptimizerConfig.defaults(Kind.SGD).create(), MULTI,
        List.of(), new TrainConfig(65, 1, true, 1, Optional.empty())))
        .hasMessage("batch size 65 exceeds the network's batch capacity 64");
  }

  /**
   * One epoch of a fresh trainer (Adam, accuracy and F1) over iris's 120 training samples in batches of
   * {@code argument}, in the child JVM of {@link Allocations}. A fresh trainer and its epoch allocate the same
   * whatever the batch size (the history, the metrics, the order); only the steps differ in number.
   */
  static final class Epochs implements Allocations.Workload {
    @Override
    public Runnable prepare(String batch) {
      Dataset train = iris(0).train();
      TestNet net = irisNet(false, 1);
      TrainConfig config = new TrainConfig(Integer.parseInt(batch), 1, true, 1, Optional.empty());
      return () -> new Trainer(net, OptimizerConfig.defaults(Kind.ADAM).create(), MULTI, List.of("accuracy", "f1"),
          config).fit(train, Optional.empty(), TrainingListener.NONE);
    }
  }

  /** The loop adds no per-step garbage: epochs of 120 steps allocate what epochs of 3 steps do. */
  @Test
  void trainingStepsAllocateNothing() throws Exception {
    long few = Allocations.allocated(Epochs.class, "40", Jit.C1, 3, 20);
    long many = Allocations.allocated(Epochs.class, "1", Jit.C1, 3, 20);
    assertThat(many).as("bytes of 20 epochs of 120 steps, against %d of 20 epochs of 3 steps", few).isEqualTo(few);
  }
}
