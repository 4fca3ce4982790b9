package dev.nnet.compiler.summary;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nnet.compiler.CheckResult;
import dev.nnet.compiler.Frontend;
import dev.nnet.compiler.layers.conv.Conv1dSpec;
import dev.nnet.compiler.layers.pool.Pool1dSpec;
import dev.nnet.compiler.model.ModelSpec;
import dev.nnet.compiler.model.PoolKind;
import org.junit.jupiter.api.Test;

/** Convolution and pooling over sequences, checked from model text: Keras' labels, output shapes and counts. */
class SequenceSummaryTest {
  private static ModelSpec check(String layers) {
    CheckResult r = Frontend.check("seq.nnet",
        "model Seq\ninput [20, 32]\n" + layers + "loss sparse_categorical_crossentropy\n");
    assertThat(r.diagnostics()).as(r.render()).isEmpty();
    return r.model().orElseThrow();
  }

  @Test
  void conv1dOf64FiltersOf3On32ChannelsHasKerasCount() {
    // Keras: Conv1D(64, 3) on (20, 32) is (None, 18, 64) with 3·32·64 + 64 = 6,208 parameters.
    ModelSpec m = check("""
        conv1d 64 3 relu
        maxpool1d
        conv1d 16 3 strides = 2 padding = same
        conv1d 8 4 padding = causal use_bias = false
        avgpool1d 2 strides = 1 padding = same
        global_maxpool1d
        dense 7 softmax
        """);
    String summary = ModelSummary.render(m, 32);
    assertThat(summary).containsPattern("conv1d1 \\(Conv1D\\) +\\(None, 18, 64\\) +6,208\\n");
    assertThat(summary).containsPattern("maxpool1d1 \\(MaxPooling1D\\) +\\(None, 9, 64\\) +0\\n");
    // same padding at stride 2: ⌈9/2⌉ = 5 steps; 3·64·16 + 16 parameters
    assertThat(summary).containsPattern("\\(Conv1D\\) +\\(None, 5, 16\\) +3,088\\n");
    // causal padding keeps the steps; no bias: 4·16·8
    assertThat(summary).containsPattern("\\(Conv1D\\) +\\(None, 5, 8\\) +512\\n");
    assertThat(summary).containsPattern("\\(AveragePooling1D\\) +\\(None, 5, 8\\) +0\\n");
    assertThat(summary).containsPattern("\\(GlobalMaxPooling1D\\) +\\(None, 8\\) +0\\n");
    // FLOPs: conv 2·k·cin per output value (+ bias, + relu), pooling one per window element, global one per input.
    long flops = (2L * 3 * 32 + 2) * 18 * 64 + 2L * 9 * 64 + (2L * 3 * 64 + 1) * 5 * 16 + 2L * 4 * 16 * 5 * 8
        + 2L * 5 * 8 + 5 * 8 + (2L * 8 * 7 + 7 + 7);
    assertThat(ModelSummary.forwardFlops(m)).isEqualTo(flops);
  }

  @Test
  void globalPoolingIsLabelledByKindAndRank() {
    ModelSpec m = check("global_avgpool1d\ndense 2 softmax\n");
    assertThat(ModelSummary.render(m, 1)).containsPattern("\\(GlobalAveragePooling1D\\) +\\(None, 32\\) +0\\n");
    CheckResult image = Frontend.check("img.nnet",
        "model Img\ninput [6, 6, 3]\nglobal_maxpool2d\ndense 2 softmax\nloss sparse_categorical_crossentropy\n");
    assertThat(ModelSummary.render(image.model().orElseThrow(), 1))
        .containsPattern("\\(GlobalMaxPooling2D\\) +\\(None, 3\\) +0\\n");
  }

  @Test
  void aSequenceLayerReadsThe1dSpecItWasGiven() {
    ModelSpec m = check("conv1d 4 5 tanh strides = 3 padding = causal\nmaxpool1d 3 strides = 2 padding = same\n"
        + "flatten\ndense 2 softmax\n");
    var conv = (Conv1dSpec) m.layers().get(0);
    assertThat(conv.kernelSize()).isEqualTo(5);
    assertThat(conv.stride()).isEqualTo(3);
    assertThat(conv.outputShape().dims()).containsExactly(7, 4); // ⌈20/3⌉
    var pool = (Pool1dSpec) m.layers().get(1);
    assertThat(pool.outputShape().dims()).containsExactly(4, 4); // ⌈7/2⌉
    assertThat(pool.kind()).isEqualTo(PoolKind.MAX);
  }
}
