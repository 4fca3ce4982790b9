package dev.nnet.compiler.summary;

import static dev.nnet.compiler.codegen.TestModels.model;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nnet.compiler.model.ActivationKind;
import dev.nnet.compiler.model.ModelSpec;
import dev.nnet.compiler.model.Padding;
import dev.nnet.compiler.model.PoolKind;
import org.junit.jupiter.api.Test;

class ModelSummaryTest {
  @Test
  void layerNormIsLabelledAsKerasWithTwoParametersAFeature() {
    // Keras: LayerNormalization over [4, 4, 3] has gamma and beta of 3 each, 6 parameters.
    ModelSpec m = model("Ln", 6, 6, 1)
        .conv2d("conv1", 3, 3, 1, Padding.VALID, ActivationKind.MISH)
        .layerNorm("ln")
        .flatten("flat")
        .dense("out", 2, ActivationKind.LINEAR)
        .build();
    String summary = ModelSummary.render(m, 32);
    assertThat(summary).containsPattern("ln \\(LayerNormalization\\) +\\(None, 4, 4, 3\\) +6\\n");
    assertThat(summary).contains("conv1 (Conv2D)");
    // conv: 2·3·3·1 per output + bias + mish per output value; layernorm 5 per value; dense 2·48·2 + 2.
    long conv = (2L * 3 * 3 + 1 + 1) * 48;
    assertThat(ModelSummary.forwardFlops(m)).isEqualTo(conv + 5 * 48 + 2 * 48 * 2 + 2);
  }

  @Test
  void everyLayerKindNamesItsOwnKerasClass() {
    ModelSpec m = model("All", 6, 6, 2)
        .batchNorm("bn")
        .layerNorm("ln")
        .pool2d("pool", PoolKind.MAX, 2, 2, Padding.VALID)
        .globalAveragePool2d("gap")
        .dropout("drop", 0.5)
        .activation("act", ActivationKind.RELU)
        .dense("out", 2, ActivationKind.LINEAR)
        .build();
    String summary = ModelSummary.render(m, 1);
    for (String label : new String[] {"bn (BatchNormalization)", "ln (LayerNormalization)", "pool (MaxPooling2D)",
        "gap (GlobalAveragePooling2D)", "drop (Dropout)", "act (Activation)", "out (Dense)"}) {
      assertThat(summary).contains(label);
    }
  }
}
