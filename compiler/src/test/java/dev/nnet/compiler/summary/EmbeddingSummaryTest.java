package dev.nnet.compiler.summary;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nnet.compiler.CheckResult;
import dev.nnet.compiler.Frontend;
import dev.nnet.compiler.model.ModelSpec;
import org.junit.jupiter.api.Test;

class EmbeddingSummaryTest {
  private static ModelSpec model(String input, String embedding) {
    CheckResult r = Frontend.check("e.nnet", "model E\ninput " + input + "\n" + embedding
        + "\nflatten\ndense 2 softmax\nloss sparse_categorical_crossentropy\noptimizer adam\n");
    assertThat(r.diagnostics()).isEmpty();
    return r.model().orElseThrow();
  }

  @Test
  void embeddingCountsAsKerasDoes() {
    // Keras: Embedding(20000, 128) has 20000·128 = 2,560,000 parameters.
    ModelSpec m = model("tokens(length = 200)", "embedding 20000 128");
    assertThat(ModelSummary.render(m, 32))
        .containsPattern("embedding1 \\(Embedding\\) +\\(None, 200, 128\\) +2,560,000\\n");
    assertThat(m.layers().get(0).trainableParameters()).isEqualTo(2_560_000L);
  }

  @Test
  void inputDimDefaultsToTheTextInputsMaxTokens() {
    ModelSpec m = model("text(max_length = 20, max_tokens = 5000, split = \"words\")", "embedding output_dim = 16");
    assertThat(m.layers().get(0).trainableParameters()).isEqualTo(5000L * 16);
    assertThat(m.input().dims()).containsExactly(20);
    assertThat(m.tokens().orElseThrow().text().orElseThrow().characters()).isFalse();
  }
}
