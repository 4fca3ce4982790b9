package dev.nnet.compiler.gradcheck;

import static dev.nnet.compiler.codegen.TestModels.model;

import dev.nnet.compiler.model.Activation;
import dev.nnet.compiler.model.ActivationKind;
import dev.nnet.compiler.model.Initializer;
import dev.nnet.compiler.model.Loss;
import dev.nnet.compiler.model.LossKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Gradient checks of generated phase-1 layers, every activation and every loss; see {@link GradientCheck}. */
class GradientCheckTest {
  @ParameterizedTest
  @EnumSource(ActivationKind.class)
  void activationFusedInDenseAndStandalone(ActivationKind kind) throws Exception {
    GradientCheck.check(model("Act" + kind.ordinal(), 5)
        .dense("hidden", 6, kind)
        .activation("act", kind)
        .dense("out", 3, ActivationKind.LINEAR)
        .build());
  }

  @Test
  void leakyReluAndEluWithOtherAlphas() throws Exception {
    GradientCheck.check(model("Alphas", 5)
        .dense("hidden", 6, new Activation(ActivationKind.LEAKY_RELU, 0.05), Initializer.HE_NORMAL, true, 0)
        .activation("act", new Activation(ActivationKind.ELU, 0.7))
        .dense("out", 2, ActivationKind.LINEAR)
        .build());
  }

  @ParameterizedTest
  @EnumSource(value = LossKind.class, names = {"MEAN_SQUARED_ERROR", "MEAN_ABSOLUTE_ERROR", "EUCLIDEAN", "HUBER"})
  void regressionLoss(LossKind kind) throws Exception {
    GradientCheck.check(model("Loss" + kind.ordinal(), 5)
        .dense("hidden", 6, ActivationKind.TANH)
        .dense("out", 3, ActivationKind.LINEAR)
        .loss(kind == LossKind.HUBER ? new Loss(kind, 0.5) : Loss.of(kind))
        .build());
  }

  @ParameterizedTest
  @EnumSource(value = LossKind.class, names = {"CATEGORICAL_CROSSENTROPY", "SPARSE_CATEGORICAL_CROSSENTROPY"})
  void softmaxFusedWithCrossEntropy(LossKind kind) throws Exception {
    GradientCheck.check(model("Softmax" + kind.ordinal(), 5)
        .dense("hidden", 6, ActivationKind.RELU)
        .dense("out", 4, ActivationKind.SOFTMAX)
        .loss(kind)
        .build());
  }

  @Test
  void softmaxLayerFusedWithCrossEntropy() throws Exception {
    GradientCheck.check(model("SoftmaxLayer", 5)
        .dense("hidden", 6, ActivationKind.SWISH)
        .dense("logits", 4, ActivationKind.LINEAR)
        .activation("probabilities", ActivationKind.SOFTMAX)
        .loss(LossKind.CATEGORICAL_CROSSENTROPY)
        .build());
  }

  @Test
  void crossEntropyWithoutSoftmax() throws Exception {
    GradientCheck.check(model("SigmoidCce", 5)
        .dense("hidden", 6, ActivationKind.TANH)
        .dense("out", 4, ActivationKind.SIGMOID)
        .loss(LossKind.CATEGORICAL_CROSSENTROPY)
        .build());
  }

  @Test
  void sigmoidFusedWithBinaryCrossEntropy() throws Exception {
    GradientCheck.check(model("Binary", 5)
        .dense("hidden", 6, ActivationKind.ELU)
        .dense("out", 1, ActivationKind.SIGMOID)
        .loss(LossKind.BINARY_CROSSENTROPY)
        .build());
  }

  @Test
  void sigmoidLayerFusedWithBinaryCrossEntropyOnSeveralOutputs() throws Exception {
    GradientCheck.check(model("MultiLabel", 5)
        .dense("hidden", 6, ActivationKind.GELU)
        .dense("logits", 3, ActivationKind.LINEAR)
        .activation("probabilities", ActivationKind.SIGMOID)
        .loss(LossKind.BINARY_CROSSENTROPY)
        .build());
  }

  @Test
  void binaryCrossEntropyWithoutSigmoid() throws Exception {
    GradientCheck.check(model("SoftmaxBce", 5)
        .dense("hidden", 6, ActivationKind.SOFTPLUS)
        .dense("out", 3, ActivationKind.SOFTMAX)
        .loss(LossKind.BINARY_CROSSENTROPY)
        .build());
  }

  @Test
  void dropoutFlattenNoBiasAndL2() throws Exception {
    GradientCheck.check(model("Mixed", 2, 3, 2)
        .dropout("drop0", 0.25)
        .flatten("flat")
        .dense("hidden", 7, Activation.of(ActivationKind.RELU), Initializer.LECUN_NORMAL, false, 0.01)
        .dropout("drop1", 0.4)
        .dense("out", 2, Activation.LINEAR, Initializer.GLOROT_NORMAL, true, 0.003)
        .loss(LossKind.MEAN_SQUARED_ERROR)
        .build());
  }
}
