package dev.nnet.runtime.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nnet.runtime.Dataset;
import dev.nnet.runtime.Network;
import dev.nnet.runtime.Parameter;
import dev.nnet.runtime.checkpoint.Checkpoint;
import dev.nnet.runtime.checkpoint.Checkpoints;
import dev.nnet.runtime.data.DataPipeline;
import dev.nnet.runtime.data.DataPlan;
import dev.nnet.runtime.data.PreparedData;
import dev.nnet.runtime.data.Source;
import dev.nnet.runtime.data.Target;
import dev.nnet.runtime.metrics.TaskType;
import dev.nnet.runtime.optim.OptimizerConfig;
import dev.nnet.runtime.optim.OptimizerConfig.Kind;
import dev.nnet.runtime.testing.Samples;
import dev.nnet.runtime.Rng;
import dev.nnet.runtime.testing.TestNet;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Stopping a run with {@link Trainer#requestStop()} at any step, saving its state to a checkpoint file and
 * continuing in fresh objects ends with the weights, history and early-stopping outcome of a run never stopped.
 */
class InterruptTest {
  private static final TaskType MULTI = TaskType.MULTICLASS_CLASSIFICATION;
  private static final List<String> METRICS = List.of("accuracy", "f1", "top_2_accuracy", "mse");
  /** 108 training rows in batches of 16: 7 steps per epoch, the last one of 12 rows. */
  private static final int STEPS = 7;

  @TempDir Path dir;

  private static PreparedData iris() {
    Source src = new Source.Csv(Samples.path("iris/iris.csv"), "species", 1);
    return DataPipeline.prepare(
        new DataPlan(src, Optional.empty(), 0.2, 0.1, true, 42, 4, new Target.Classes(3, List.of())));
  }

  /** Scales every gradient by a factor drawn from the network's own generator, standing in for dropout. */
  private static final class NoisyGradients extends Delegating {
    private final Network inner;

    NoisyGradients(Network inner) {
      super(inner);
      this.inner = inner;
    }

    @Override
    public void backward() {
      inner.backward();
      double factor = 0.5 + inner.random().nextDouble();
      for (Parameter p : inner.parameters()) {
        if (p instanceof Parameter.F32 f) {
          for (int i = 0; i < f.grad().data.length; i++) {
            f.grad().data[i] *= (float) factor;
          }
        } else {
          double[] g = ((Parameter.F64) p).grad().data;
          for (int i = 0; i < g.length; i++) {
            g[i] *= factor;
          }
        }
      }
    }
  }

  private static Network net(boolean isDouble) {
    TestNet inner = new TestNet(4, 8, 3, TestNet.Head.SOFTMAX, isDouble, 16);
    inner.initialize(5);
    return new NoisyGradients(inner);
  }

  private static TrainConfig config(int epochs) {
    // Monitoring a training metric makes the early-stopping decisions depend on the restored accumulators.
    return new TrainConfig(16, epochs, true, 11, Optional.of(new EarlyStoppingConfig("accuracy", 2, 0.02, true)));
  }

  private static Trainer trainer(Network net, int epochs) {
    OptimizerConfig adam = OptimizerConfig.defaults(Kind.ADAM).withLearningRate(0.03);
    return new Trainer(net, adam.create(), MULTI, METRICS, config(epochs));
  }

  private static double[] weights(Network net) {
    List<Double> all = new ArrayList<>();
    for (Parameter p : net.parameters()) {
      for (int i = 0; i < p.size(); i++) {
        all.add(p.get(i));
      }
    }
    return all.stream().mapToDouble(Double::doubleValue).toArray();
  }

  /** Requests a stop from inside the step {@code step} of epoch {@code epoch}, as a signal handler would. */
  private static TrainingListener stopAt(Trainer[] trainer, int epoch, int step) {
    return new TrainingListener() {
      int current;

      @Override
      public void onEpochStart(int e, int epochs) {
        current = e;
      }

      @Override
      public void onBatchEnd(int s, int steps, double runningLoss) {
        if (current == epoch && s == step) {
          trainer[0].requestStop();
        }
      }
    };
  }

  private Checkpoint saveAndReload(Network net, Trainer trainer) {
    Path file = dir.resolve("run.resume");
    Checkpoints.save(file, Checkpoints.capture(net, Map.of(), List.of(), Map.of(), Optional.of(trainer.state())));
    return Checkpoints.read(file);
  }

  private static void assertSameRun(History resumed, History straight) {
    assertThat(resumed.epochs()).hasSameSizeAs(straight.epochs());
    for (int e = 0; e < straight.epochs().size(); e++) {
      assertThat(resumed.epochs().get(e).values()).as("epoch %d", e + 1).isEqualTo(straight.epochs().get(e).values());
    }
    assertThat(resumed.stoppedEarly()).isEqualTo(straight.stoppedEarly());
    assertThat(resumed.bestEpoch()).isEqualTo(straight.bestEpoch());
  }

  @ParameterizedTest(name = "float64 {0}, stop in epoch {1} after step {2}")
  @CsvSource({
    "false, 1, 1", "false, 2, 4", "false, 3, 6", "false, 3, 7", "true, 1, 3", "true, 4, 7", "true, 2, 1"
  })
  void resumingFromAnyStepGivesTheUninterruptedRun(boolean isDouble, int epoch, int step) {
    Network straight = net(isDouble);
    PreparedData data = iris();
    History full = trainer(straight, 6).fit(data.train(), data.validation(), TrainingListener.NONE);

    Network first = net(isDouble);
    Trainer[] t = {trainer(first, 6)};
    assertThatThrownBy(() -> t[0].fit(data.train(), data.validation(), stopAt(t, epoch, step)))
        .isInstanceOf(TrainingInterruptedException.class)
        .hasMessage("training interrupted during epoch " + epoch + " of 6, after batch " + step + " of " + STEPS);
    Checkpoint saved = saveAndReload(first, t[0]);
    TrainingState state = saved.trainingState().orElseThrow();
    assertThat(state.completedEpochs()).isEqualTo(epoch - 1);
    assertThat(state.inProgress().orElseThrow().stepsDone()).isEqualTo(step);

    Network second = net(isDouble);
    second.initialize(999); // the weights must come from the checkpoint
    Checkpoints.restore(saved, second, "run.resume");
    Trainer resumed = trainer(second, 6);
    resumed.restore(state);
    History h = resumed.fit(data.train(), data.validation(), TrainingListener.NONE);

    assertThat(weights(second)).containsExactly(weights(straight));
    assertSameRun(h, full);
  }

  @Test
  void aStopRequestedAtAnEpochsEndStopsAtTheBoundary() {
    PreparedData data = iris();
    Network straight = net(false);
    History full = trainer(straight, 5).fit(data.train(), data.validation(), TrainingListener.NONE);

    Network first = net(false);
    Trainer[] t = {trainer(first, 5)};
    TrainingListener atEnd = new TrainingListener() {
      @Override
      public void onEpochEnd(EpochRecord record) {
        if (record.epoch() == 2) {
          t[0].requestStop();
        }
      }
    };
    assertThatThrownBy(() -> t[0].fit(data.train(), data.validation(), atEnd))
        .isInstanceOf(TrainingInterruptedException.class)
        .hasMessage("training interrupted after epoch 2 of 5")
        .matches(e -> !((TrainingInterruptedException) e).midEpoch());
    TrainingState state = saveAndReload(first, t[0]).trainingState().orElseThrow();
    assertThat(state.completedEpochs()).isEqualTo(2);
    assertThat(state.inProgress()).isEmpty();

    // Continuing in the same objects works as well as through a file.
    History h = t[0].fit(data.train(), data.validation(), TrainingListener.NONE);
    assertThat(weights(first)).containsExactly(weights(straight));
    assertSameRun(h, full);
  }

  @Test
  void repeatedInterruptionsStillGiveTheUninterruptedRun() {
    PreparedData data = iris();
    Network straight = net(true);
    History full = trainer(straight, 6).fit(data.train(), data.validation(), TrainingListener.NONE);

    int[][] stops = {{1, 2}, {1, 5}, {3, 7}, {4, 1}};
    Network current = net(true);
    Trainer[] t = {trainer(current, 6)};
    for (int[] stop : stops) {
      assertThatThrownBy(() -> t[0].fit(data.train(), data.validation(), stopAt(t, stop[0], stop[1])))
          .isInstanceOf(TrainingInterruptedException.class);
      Checkpoint saved = saveAndReload(current, t[0]);
      current = net(true);
      Checkpoints.restore(saved, current, "run.resume");
      t[0] = trainer(current, 6);
      t[0].restore(saved.trainingState().orElseThrow());
    }
    History h = t[0].fit(data.train(), data.validation(), TrainingListener.NONE);
    assertThat(weights(current)).containsExactly(weights(straight));
    assertSameRun(h, full);
  }

  @Test
  void aStopRequestedDuringTheLastEpochsEndIsMootAndTheRunCompletes() {
    PreparedData data = iris();
    Network net = net(false);
    Trainer[] t = {trainer(net, 2)};
    TrainingListener atEnd = new TrainingListener() {
      @Override
      public void onEpochEnd(EpochRecord record) {
        if (record.epoch() == 2) {
          t[0].requestStop();
        }
      }
    };
    History h = t[0].fit(data.train(), data.validation(), atEnd);
    assertThat(h.epochs()).hasSize(2);
  }

  @Test
  void aStopRequestedBeforeFitStopsAfterTheFirstStep() {
    PreparedData data = iris();
    Trainer t = trainer(net(false), 3);
    t.requestStop();
    assertThatThrownBy(() -> t.fit(data.train(), data.validation(), TrainingListener.NONE))
        .hasMessage("training interrupted during epoch 1 of 3, after batch 1 of " + STEPS);
  }

  @Test
  void aStateWithOtherMetricsOrMoreEpochsIsRefused() {
    PreparedData data = iris();
    Network net = net(false);
    Trainer[] t = {trainer(net, 6)};
    assertThatThrownBy(() -> t[0].fit(data.train(), data.validation(), stopAt(t, 4, 2)))
        .isInstanceOf(TrainingInterruptedException.class);
    TrainingState state = t[0].state();

    Trainer fewerMetrics = new Trainer(net(false), OptimizerConfig.defaults(Kind.ADAM).create(), MULTI,
        List.of("accuracy"), config(6));
    assertThatThrownBy(() -> fewerMetrics.restore(state))
        .hasMessage("the saved epoch in progress has 4 training metrics, this run has 1 (accuracy)");
    assertThatThrownBy(() -> trainer(net(false), 3).restore(state))
        .hasMessage("the saved training state has started epoch 4, this run has 3 epochs");
  }

  @Test
  void regressionMetricsContinueExactly() {
    Rng rng = new Rng(3);
    int rows = 50;
    float[] x = new float[rows * 3];
    float[] y = new float[rows * 2];
    for (int r = 0; r < rows; r++) {
      for (int j = 0; j < 3; j++) {
        x[r * 3 + j] = (float) rng.nextGaussian();
      }
      y[r * 2] = 2 * x[r * 3] - x[r * 3 + 1] + 0.1f * (float) rng.nextGaussian();
      y[r * 2 + 1] = x[r * 3 + 2] * x[r * 3 + 2];
    }
    Dataset train = new Dataset(x, 3, y, 2, rows, List.of());
    List<String> keys = List.of("mse", "mae", "r2");
    TrainConfig config = new TrainConfig(8, 4, true, 2, Optional.empty());
    OptimizerConfig sgd = new OptimizerConfig(Kind.SGD, 0.05, 0.9, false, 0, 0, 0, 0, 0, 0);

    TestNet straight = new TestNet(3, 6, 2, TestNet.Head.LINEAR, false, 8);
    straight.initialize(4);
    History full = new Trainer(straight, sgd.create(), TaskType.REGRESSION, keys, config)
        .fit(train, Optional.empty(), TrainingListener.NONE);

    TestNet first = new TestNet(3, 6, 2, TestNet.Head.LINEAR, false, 8);
    first.initialize(4);
    Trainer[] t = {new Trainer(first, sgd.create(), TaskType.REGRESSION, keys, config)};
    assertThatThrownBy(() -> t[0].fit(train, Optional.empty(), stopAt(t, 3, 4)))
        .isInstanceOf(TrainingInterruptedException.class);
    Checkpoint saved = saveAndReload(first, t[0]);
    TestNet second = new TestNet(3, 6, 2, TestNet.Head.LINEAR, false, 8);
    Checkpoints.restore(saved, second, "run.resume");
    Trainer resumed = new Trainer(second, sgd.create(), TaskType.REGRESSION, keys, config);
    resumed.restore(saved.trainingState().orElseThrow());
    History h = resumed.fit(train, Optional.empty(), TrainingListener.NONE);
    assertThat(weights(second)).containsExactly(weights(straight));
    assertSameRun(h, full);
  }
}
