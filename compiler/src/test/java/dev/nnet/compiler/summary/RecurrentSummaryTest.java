package dev.nnet.compiler.summary;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nnet.compiler.CheckResult;
import dev.nnet.compiler.Frontend;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The recurrent layers' parameter counts are Keras': each model is checked from its source text, as a user writes
 * it, and its summary line read back.
 */
class RecurrentSummaryTest {
  @ParameterizedTest(name = "{0} on {1} features: {3}")
  @CsvSource(delimiter = ';', value = {
    // Keras 2: GRU(64) (reset_after) on 32 features, LSTM(128) on 128, SimpleRNN(32) on 32, Bidirectional(LSTM(64))
    // on 128, as issue 15 lists them; then return_sequences and use_bias = false
    "gru 64; 32; gru1 (GRU); (None, 64); 18,816",
    "lstm 128; 128; lstm1 (LSTM); (None, 128); 131,584",
    "simple_rnn 32; 32; simple_rnn1 (SimpleRNN); (None, 32); 2,080",
    "bidirectional lstm(64); 128; bidirectional1 (Bidirectional); (None, 128); 98,816",
    "bidirectional gru(8, return_sequences = true); 4; bidirectional1 (Bidirectional); (None, 20, 16); 672",
    "lstm 16, use_bias = false, return_sequences = true; 8; lstm1 (LSTM); (None, 20, 16); 1,536",
  })
  void parameterCountsAreKeras(String layer, int features, String label, String shape, String parameters) {
    String source = "model Rnn\ninput [20, " + features + "]\n" + layer + "\n"
        + (layer.contains("return_sequences") ? "flatten\n" : "")
        + "dense 2 softmax\nloss categorical_crossentropy\noptimizer adam\n";
    CheckResult result = Frontend.check("rnn.nnet", source);
    assertThat(result.render()).isEmpty();
    String summary = ModelSummary.render(result.model().orElseThrow(), 32);
    assertThat(summary.lines().filter(l -> l.contains(label)).findFirst().orElseThrow())
        .contains(shape)
        .endsWith(" " + parameters);
  }
}
