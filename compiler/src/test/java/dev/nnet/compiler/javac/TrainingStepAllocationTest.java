package dev.nnet.compiler.javac;

import static dev.nnet.compiler.codegen.TestModels.model;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nnet.compiler.layers.recurrent.RecurrentCell;
import dev.nnet.compiler.model.ActivationKind;
import dev.nnet.compiler.model.LossKind;
import dev.nnet.compiler.model.ModelSpec;
import dev.nnet.compiler.model.Precision;
import dev.nnet.runtime.Dataset;
import dev.nnet.runtime.Network;
import dev.nnet.runtime.Rng;
import dev.nnet.runtime.testing.Allocations;
import dev.nnet.runtime.testing.Allocations.Jit;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * A training step of generated code allocates nothing: loadBatch, forward, backward (and, for the dense network,
 * an SGD update), over full and partial batches.
 *
 * <p>Counted by {@link Allocations} in a JVM of its own whose JIT is fixed, so that the count cannot depend on when
 * the JIT finishes (run in the test's own JVM after a warm-up, it depended on whether C2 had compiled the step yet,
 * and under load it had not: 120 bytes, then 8,469,568 bytes for 1,000 steps). With C1 only, a step allocates
 * exactly what its bytecode allocates: the generated code and the runtime's kernels allocate nothing at all.
 *
 * <p>GELU is the exception: its kernel calls commons-numbers' {@code Erfc}, which builds double-double temporaries
 * (about 26 bytes a value under C1) that C2's escape analysis removes. Its steady state is counted with C2 compiling
 * while the thread waits ({@code -Xbatch}): zero once compiled, which is the property training depends on.
 */
class TrainingStepAllocationTest {
  /** The dense network: relu, dropout, {@code args} (ELU or GELU), softmax, and an SGD update. */
  static final class Dense implements Allocations.Workload {
    @Override
    public Runnable prepare(String activation) {
      ModelSpec model = model("Steps", 10)
          .batchSize(32)
          .dense("hidden", 64, ActivationKind.RELU)
          .dropout("drop", 0.3)
          .dense("hidden2", 32, ActivationKind.valueOf(activation))
          .dense("out", 5, ActivationKind.SOFTMAX)
          .loss(LossKind.SPARSE_CATEGORICAL_CROSSENTROPY)
          .build();
      Network net = GeneratedNetworkTest.compile(model, Precision.FLOAT32);
      net.initialize(5);
      Dataset data = randomData(100, 10, 5, 9);
      int[] order = IntStream.range(0, 100).toArray();
      int[] i = {0};
      return () -> GeneratedNetworkTest.step(net, data, order, i[0]++);
    }
  }

  /** The convolutional network of {@code ConvolutionalNetworkTest}: batches of 16 and a partial one of 8. */
  static final class Cnn implements Allocations.Workload {
    @Override
    public Runnable prepare(String argument) {
      Network net = GeneratedNetworkTest.compile(ConvolutionalNetworkTest.BARS, Precision.FLOAT32);
      net.initialize(5);
      return batchesOf16(net, ConvolutionalNetworkTest.bars(40, 3));
    }
  }

  /**
   * A bidirectional LSTM returning sequences under a GRU, then dense: every recurrent cell's buffers and both
   * directions, over full batches of 16 and a partial one of 8 (the buffers grow for the first batch only).
   */
  static final class Recurrent implements Allocations.Workload {
    @Override
    public Runnable prepare(String argument) {
      ModelSpec model = model("Recurrent", 6, 4)
          .batchSize(16)
          .bidirectional("bi", RecurrentCell.LSTM, 8, true)
          .recurrent("gru", RecurrentCell.GRU, 8, true, true)
          .recurrent("rnn", RecurrentCell.SIMPLE_RNN, 6, false, true)
          .dense("out", 3, ActivationKind.SOFTMAX)
          .loss(LossKind.SPARSE_CATEGORICAL_CROSSENTROPY)
          .build();
      Network net = GeneratedNetworkTest.compile(model, Precision.FLOAT32);
      net.initialize(5);
      return batchesOf16(net, randomData(40, 24, 3, 4));
    }
  }

  /** {@code rows} samples of Gaussian features and class targets below {@code classes}. */
  private static Dataset randomData(int rows, int features, int classes, long seed) {
    Rng rng = new Rng(seed);
    float[] x = new float[rows * features];
    float[] t = new float[rows];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) rng.nextGaussian();
    }
    for (int r = 0; r < t.length; r++) {
      t[r] = rng.nextInt(classes);
    }
    return new Dataset(x, features, t, 1, rows, List.of());
  }

  /** Training steps over 40 samples: batches of 16, 16 and a partial one of 8, in turn. */
  private static Runnable batchesOf16(Network net, Dataset data) {
    int[] order = IntStream.range(0, 40).toArray();
    int[] i = {0};
    return () -> {
      int from = (i[0]++ % 3) * 16;
      net.loadBatch(data, order, from, Math.min(16, 40 - from));
      net.forward(true);
      net.backward();
    };
  }

  // 12 steps of warm-up run every batch shape and every path once (class loading and call-site linking allocate).

  @Test
  void denseTrainingStepAllocatesNothing() throws Exception {
    assertThat(Allocations.allocated(Dense.class, "ELU", Jit.C1, 12, 200)).as("bytes allocated by 200 steps")
        .isZero();
  }

  @Test
  void cnnTrainingStepAllocatesNothing() throws Exception {
    assertThat(Allocations.allocated(Cnn.class, "", Jit.C1, 12, 200)).as("bytes allocated by 200 steps").isZero();
  }

  @Test
  void recurrentTrainingStepAllocatesNothing() throws Exception {
    assertThat(Allocations.allocated(Recurrent.class, "", Jit.C1, 12, 200)).as("bytes allocated by 200 steps")
        .isZero();
  }

  @Test
  void geluStepAllocatesNothingOnceCompiled() throws Exception {
    assertThat(Allocations.allocated(Dense.class, "GELU", Jit.C2_WAITING, 2_000, 200))
        .as("bytes allocated by 200 steps").isZero();
  }
}
