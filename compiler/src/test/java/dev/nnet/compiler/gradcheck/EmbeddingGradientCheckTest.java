package dev.nnet.compiler.gradcheck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nnet.compiler.CheckResult;
import dev.nnet.compiler.Frontend;
import dev.nnet.compiler.model.ModelSpec;
import dev.nnet.runtime.Dataset;
import dev.nnet.runtime.Network;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The embedding's generated backward pass (a scatter-add into the table) against float64 central differences, on
 * a batch where ids repeat within a sample and across samples, so that summed gradients are checked; rows no id
 * picks must get exactly zero.
 */
class EmbeddingGradientCheckTest {
  /** 4 samples of 5 ids below 7; id 2 three times in sample 0 and in other samples, ids 5 and 6 never. */
  private static final float[] IDS = {
    2, 2, 0, 2, 1,
    3, 2, 4, 0, 0,
    1, 1, 3, 4, 2,
    0, 0, 0, 0, 4,
  };

  private static ModelSpec model(String layers) {
    CheckResult r = Frontend.check("emb.nnet", "model Emb\ninput tokens(length = 5)\n" + layers
        + "loss sparse_categorical_crossentropy\noptimizer sgd\n");
    assertThat(r.diagnostics()).isEmpty();
    return r.model().orElseThrow();
  }

  private static List<GradientCheck.Entry> check(ModelSpec model) throws ReflectiveOperationException {
    Network net = GradientCheck.compile(model, 6);
    Dataset data = new Dataset(IDS.clone(), 5, new float[] {0, 2, 1, 2}, 1, 4, List.of());
    List<GradientCheck.Entry> entries = GradientCheck.run(net, data, 11, false);
    GradientCheck.assertWithin(entries);
    return entries;
  }

  @Test
  void repeatedIdsSumTheirGradientsAndUnusedRowsGetNone() throws Exception {
    List<GradientCheck.Entry> entries =
        check(model("embedding 7 3\nflatten\ndense 3 softmax\n"));
    // rows 5 and 6 (values 15..20 of the [7, 3] table) are picked by no id
    for (int i = 15; i < 21; i++) {
      GradientCheck.Entry e = entries.get(i);
      assertThat(e.what()).isEqualTo("embedding1.embeddings[" + i + "]");
      assertThat(e.analytic()).isZero();
      assertThat(e.numeric()).isZero();
    }
  }

  @Test
  void maskZeroDoesNotChangeTheGradientOfLayersThatIgnoreIt() throws Exception {
    check(model("embedding input_dim = 7, output_dim = 4, mask_zero = true\ndropout 0.25\nlayernorm\nflatten\n"
        + "dense 3 softmax\n"));
  }

  /**
   * A recurrent layer after an embedding looks the ids up itself: through the table E·W + b when the vocabulary is
   * smaller than the batch's 20 steps (7), through the gathered rows otherwise (40); with and without the mask.
   */
  @ParameterizedTest(name = "{0} input_dim={1} mask_zero={2}")
  @CsvSource({"gru, 7, false", "gru, 7, true", "gru, 40, true", "lstm, 7, true", "lstm, 40, false",
    "simple_rnn, 7, true"})
  void aRecurrentLayerLooksTheIdsUpInTheTable(String cell, int inputDim, boolean maskZero) throws Exception {
    check(model("embedding input_dim = " + inputDim + ", output_dim = 3, mask_zero = " + maskZero + "\n" + cell
        + " 4\ndense 3 softmax\n"));
  }
}
