package dev.nnet.runtime.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.nnet.runtime.Dataset;
import dev.nnet.runtime.Network;
import dev.nnet.runtime.Parameter;
import dev.nnet.runtime.metrics.TaskType;
import dev.nnet.runtime.optim.OptimizerConfig;
import dev.nnet.runtime.optim.OptimizerConfig.Kind;
import dev.nnet.runtime.testing.TestNet;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What a {@link TrainingDivergedException} tells its caller about the weights it restored. */
class DivergenceTest {
  private static final Dataset DATA =
      new Dataset(new float[] {1, 2, 3, 4, 5, 6, 7, 8}, 2, new float[] {0, 1, 0, 1}, 1, 4, List.of());

  /** Fails the forward pass numbered {@code failAt} (1-based) with a NaN loss. */
  private static final class NanAt extends Delegating {
    private final int failAt;
    private int calls;

    NanAt(Network inner, int failAt) {
      super(inner);
      this.failAt = failAt;
    }

    @Override
    public double forward(boolean training) {
      double loss = super.forward(training);
      return ++calls == failAt ? Double.NaN : loss;
    }
  }

  private static TrainingDivergedException fitUntilNan(Network net, int batch) {
    Trainer t = new Trainer(net, OptimizerConfig.defaults(Kind.SGD).withLearningRate(0.1).create(),
        TaskType.MULTICLASS_CLASSIFICATION, List.of(), new TrainConfig(batch, 5, false, 1, Optional.empty()));
    return assertThrows(TrainingDivergedException.class, () -> t.fit(DATA, Optional.empty(), TrainingListener.NONE));
  }

  private static double[] weights(Network net) {
    return net.parameters().stream().flatMapToDouble(p -> java.util.stream.IntStream.range(0, p.size())
        .mapToDouble(p::get)).toArray();
  }

  private static TestNet net() {
    TestNet net = new TestNet(2, 3, 2, TestNet.Head.SOFTMAX, false, 4);
    net.initialize(9);
    return net;
  }

  @Test
  void aNanLossOnTheFirstBatchBlamesTheDataNotTheLearningRate() {
    TestNet inner = net();
    double[] start = weights(inner);
    TrainingDivergedException e = fitUntilNan(new NanAt(inner, 1), 2);
    assertThat(e.beforeAnyUpdate()).isTrue();
    assertThat(e.restoredStartingWeights()).isTrue();
    assertThat(e).hasMessage("training diverged: the loss became NaN at epoch 1, batch 1 of 2; no update had been"
        + " made yet, so the starting weights or the data are at fault: check the data for extreme values or"
        + " standardize it");
    assertThat(weights(inner)).containsExactly(start);
  }

  @Test
  void whenTheFirstUpdateBreaksTheWeightsTheStartingWeightsAreRestored() {
    TestNet inner = net();
    double[] start = weights(inner);
    TrainingDivergedException e = fitUntilNan(new NanAt(inner, 2), 2);
    assertThat(e.beforeAnyUpdate()).isFalse();
    assertThat(e.restoredStartingWeights()).isTrue();
    assertThat(e).hasMessageStartingWith("training diverged: the loss became NaN at epoch 1, batch 2 of 2; the"
        + " weights from before the last update were restored. Try a lower learning rate (it is 0.1; for example"
        + " 0.01)");
    assertThat(weights(inner)).containsExactly(start);
  }

  @Test
  void laterTheWeightsAfterTheLastGoodUpdateAreRestored() {
    TestNet inner = net();
    TrainingDivergedException e = fitUntilNan(new NanAt(inner, 4), 2); // epoch 2, batch 2
    assertThat(e.epoch()).isEqualTo(2);
    assertThat(e.batch()).isEqualTo(2);
    assertThat(e.beforeAnyUpdate()).isFalse();
    assertThat(e.restoredStartingWeights()).isFalse();
    for (Parameter p : inner.parameters()) {
      for (int i = 0; i < p.size(); i++) {
        assertThat(Double.isFinite(p.get(i))).isTrue();
      }
    }
  }
}
