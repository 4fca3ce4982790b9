package dev.nnet.compiler.gradcheck;

import static dev.nnet.compiler.codegen.TestModels.model;

import dev.nnet.compiler.model.ActivationKind;
import dev.nnet.compiler.model.LossKind;
import dev.nnet.compiler.model.Padding;
import dev.nnet.compiler.model.PoolKind;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Gradient checks of convolution and pooling over sequences [steps, channels]: conv1d with strides 1 and 2 and
 * valid, same and causal padding over odd and even lengths; max and average window pooling with strides and
 * padding; global max and average pooling over steps and over pixels ({@link GlobalPoolingGradientCheckTest}
 * checks the mask at the kernel).
 * See {@link GradientCheck}.
 */
@Tag("slow") // javac-heavy: one compilation per layer configuration
class SequenceGradientCheckTest {
  @Test
  void conv1dValidStride1And2OddLength() throws Exception {
    GradientCheck.check(model("Conv1dValid", 9, 3)
        .conv1d("conv1", 4, 3, 1, Padding.VALID, ActivationKind.TANH, true, 0)
        .conv1d("conv2", 3, 2, 2, Padding.VALID, ActivationKind.SIGMOID, true, 0)
        .flatten("flat").dense("out", 3, ActivationKind.LINEAR).build());
  }

  @Test
  void conv1dSameStride2EvenLengthWithoutBiasWithL2AndSwish() throws Exception {
    GradientCheck.check(model("Conv1dSame", 8, 2)
        .conv1d("conv1", 3, 4, 2, Padding.SAME, ActivationKind.SWISH, false, 0.01)
        .conv1d("conv2", 2, 3, 1, Padding.SAME, ActivationKind.ELU, true, 0)
        .flatten("flat").dense("out", 2, ActivationKind.LINEAR).build());
  }

  @Test
  void conv1dCausalStride1And2() throws Exception {
    GradientCheck.check(model("Conv1dCausal", 7, 2)
        .conv1d("conv1", 3, 3, 1, Padding.CAUSAL, ActivationKind.GELU, true, 0)
        .conv1d("conv2", 2, 4, 2, Padding.CAUSAL, ActivationKind.LINEAR, true, 0)
        .flatten("flat").dense("out", 2, ActivationKind.LINEAR).build());
  }

  @Test
  void conv1dGlobalMaxPoolSoftmaxAsTheWordlangModel() throws Exception {
    GradientCheck.check(model("Conv1dGlobalMax", 10, 4)
        .conv1d("conv1", 5, 3, 1, Padding.VALID, ActivationKind.TANH, true, 0)
        .globalPool("gmp", PoolKind.MAX)
        .dense("out", 3, ActivationKind.SOFTMAX).loss(LossKind.CATEGORICAL_CROSSENTROPY).build());
  }

  @Test
  void conv1dSameStride2WithFusedReluAndGlobalMaxPoolTakesTheSparseBackward() throws Exception {
    // 10 positions: the pooling passes one gradient in 10 back, under SparseConvolution.SHARE's one in 8
    GradientCheck.check(model("Conv1dSparse", 19, 3)
        .conv1d("conv1", 4, 3, 2, Padding.SAME, ActivationKind.RELU, true, 0)
        .globalPool("gmp", PoolKind.MAX)
        .dense("out", 3, ActivationKind.SOFTMAX).loss(LossKind.CATEGORICAL_CROSSENTROPY).build());
  }

  @Test
  void conv1dGlobalAveragePoolWithFusedRelu() throws Exception {
    GradientCheck.check(model("Conv1dGlobalAvg", 6, 3)
        .conv1d("conv1", 4, 2, 1, Padding.SAME, ActivationKind.RELU, true, 0)
        .globalPool("gap", PoolKind.AVERAGE)
        .dense("out", 2, ActivationKind.LINEAR).build());
  }

  @Test
  void maxPool1dValidStride2SameStride2OddAndOverlapping() throws Exception {
    GradientCheck.check(model("MaxPool1d", 11, 2)
        .pool1d("pool1", PoolKind.MAX, 2, 2, Padding.VALID) // 5 steps, the 11th dropped
        .conv1d("conv1", 3, 2, 1, Padding.VALID, ActivationKind.TANH, true, 0) // 4
        .pool1d("pool2", PoolKind.MAX, 3, 2, Padding.SAME) // 2, padded after
        .pool1d("pool3", PoolKind.MAX, 2, 1, Padding.VALID) // 1, overlapping windows
        .flatten("flat").dense("out", 2, ActivationKind.LINEAR).build());
  }

  @Test
  void averagePool1dValidSameAndStrides() throws Exception {
    GradientCheck.check(model("AvgPool1d", 9, 2)
        .pool1d("pool1", PoolKind.AVERAGE, 3, 2, Padding.SAME) // 5, one padded each end
        .conv1d("conv1", 3, 2, 1, Padding.VALID, ActivationKind.LINEAR, true, 0) // 4
        .pool1d("pool2", PoolKind.AVERAGE, 2, 1, Padding.VALID) // 3
        .flatten("flat").dense("out", 2, ActivationKind.LINEAR).build());
  }

  @Test
  void globalMaxPool2dOverPixels() throws Exception {
    GradientCheck.check(model("GlobalMax2d", 4, 5, 2)
        .conv2d("conv1", 3, 3, 1, Padding.SAME, ActivationKind.TANH)
        .globalPool("gmp", PoolKind.MAX)
        .dense("out", 2, ActivationKind.LINEAR).build());
  }
}
