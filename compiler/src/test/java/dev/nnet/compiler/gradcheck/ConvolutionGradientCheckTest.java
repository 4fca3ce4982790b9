package dev.nnet.compiler.gradcheck;

import static dev.nnet.compiler.codegen.TestModels.model;

import dev.nnet.compiler.model.Activation;
import dev.nnet.compiler.model.ActivationKind;
import dev.nnet.compiler.model.Initializer;
import dev.nnet.compiler.model.LayerSpec.PoolKind;
import dev.nnet.compiler.model.LossKind;
import dev.nnet.compiler.model.Padding;
import org.junit.jupiter.api.Test;

/**
 * Gradient checks of generated phase-2 layers: convolution, pooling, global average pooling and batch
 * normalization, over strides 1 and 2, valid and same padding, odd and even sizes. See {@link GradientCheck}.
 */
class ConvolutionGradientCheckTest {
  @Test
  void convValidStride1OddSizes() throws Exception {
    GradientCheck.check(model("ConvValid", 5, 5, 2)
        .conv2d("conv1", 3, 3, 1, Padding.VALID, ActivationKind.RELU)
        .conv2d("conv2", 2, 2, 1, Padding.VALID, ActivationKind.TANH)
        .flatten("flat")
        .dense("out", 3, ActivationKind.LINEAR)
        .build());
  }

  @Test
  void convSameStride2EvenSizesWithActivationNeedingItsInput() throws Exception {
    GradientCheck.check(model("ConvSameEven", 6, 6, 2)
        .conv2d("conv1", 3, 3, 2, Padding.SAME, ActivationKind.SWISH)
        .flatten("flat")
        .dense("out", 2, ActivationKind.LINEAR)
        .build());
  }

  @Test
  void convSameStride2OddSizesEvenKernelL2GlobalPoolSoftmax() throws Exception {
    GradientCheck.check(model("ConvSameOdd", 5, 5, 1)
        .conv2d("conv1", 2, 2, 2, 2, 2, Padding.SAME, ActivationKind.LINEAR, true, 0.01)
        .conv2d("conv2", 3, 3, 1, Padding.SAME, ActivationKind.ELU)
        .globalAveragePool2d("gap")
        .dense("out", 3, ActivationKind.SOFTMAX)
        .loss(LossKind.CATEGORICAL_CROSSENTROPY)
        .build());
  }

  @Test
  void convRectangularKernelAndStridesWithoutBias() throws Exception {
    GradientCheck.check(model("ConvRect", 5, 6, 2)
        .conv2d("conv1", 3, 3, 2, 2, 1, Padding.VALID, ActivationKind.SIGMOID, false, 0)
        .conv2d("conv2", 2, 2, 3, 1, 2, Padding.SAME, ActivationKind.GELU, true, 0)
        .flatten("flat")
        .dense("out", 2, ActivationKind.LINEAR)
        .build());
  }

  @Test
  void softmaxOverChannelsOfAnImage() throws Exception {
    GradientCheck.check(model("PixelSoftmax", 4, 3, 2)
        .conv2d("conv1", 3, 3, 1, Padding.SAME, ActivationKind.SOFTMAX)
        .build());
  }

  @Test
  void maxPoolValidStride2EvenSizes() throws Exception {
    GradientCheck.check(model("MaxValid", 6, 6, 2)
        .conv2d("conv1", 2, 3, 1, Padding.SAME, ActivationKind.LINEAR)
        .pool2d("pool1", PoolKind.MAX, 2, 2, Padding.VALID)
        .flatten("flat")
        .dense("out", 2, ActivationKind.LINEAR)
        .build());
  }

  @Test
  void maxPoolSameStride2OddSizesOnTheInput() throws Exception {
    GradientCheck.check(model("MaxSame", 5, 5, 2)
        .pool2d("pool1", PoolKind.MAX, 3, 2, Padding.SAME)
        .conv2d("conv1", 2, 2, 1, Padding.VALID, ActivationKind.TANH)
        .flatten("flat")
        .dense("out", 2, ActivationKind.LINEAR)
        .build());
  }

  @Test
  void averagePoolSameStride2OddSizes() throws Exception {
    GradientCheck.check(model("AvgSame", 5, 5, 2)
        .conv2d("conv1", 2, 3, 1, Padding.VALID, ActivationKind.LINEAR)
        .pool2d("pool1", PoolKind.AVERAGE, 2, 2, Padding.SAME)
        .flatten("flat")
        .dense("out", 2, ActivationKind.LINEAR)
        .build());
  }

  @Test
  void averagePoolValidStride1OverlappingWindows() throws Exception {
    GradientCheck.check(model("AvgValid", 4, 4, 3)
        .pool2d("pool1", PoolKind.AVERAGE, 2, 1, Padding.VALID)
        .conv2d("conv1", 2, 2, 1, Padding.VALID, ActivationKind.LINEAR)
        .flatten("flat")
        .dense("out", 2, ActivationKind.LINEAR)
        .build());
  }

  @Test
  void batchNormAfterDense() throws Exception {
    // no bias before batch normalization: its gradient would be exactly zero, the mean subtraction cancels it
    GradientCheck.check(model("BnDense", 5)
        .dense("hidden", 6, Activation.LINEAR, Initializer.GLOROT_UNIFORM, false, 0)
        .batchNorm("bn")
        .activation("act", ActivationKind.TANH)
        .dense("out", 3, ActivationKind.LINEAR)
        .build());
  }

  @Test
  void batchNormOfImagesAndOfTheInput() throws Exception {
    GradientCheck.check(model("BnImage", 4, 4, 2)
        .batchNorm("bn0")
        .conv2d("conv1", 3, 3, 3, 1, 1, Padding.SAME, ActivationKind.LINEAR, false, 0)
        .batchNorm("bn1")
        .activation("act", ActivationKind.SOFTPLUS)
        .globalAveragePool2d("gap")
        .dense("out", 2, ActivationKind.SIGMOID)
        .loss(LossKind.BINARY_CROSSENTROPY)
        .build());
  }
}
