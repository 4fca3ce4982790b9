package dev.nnet.compiler.export;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nnet.compiler.Frontend;
import dev.nnet.compiler.model.ModelSpec;
import org.junit.jupiter.api.Test;

/**
 * A recurrent layer that skips masked steps is refused by the export with a reason naming it (the exported class
 * and the ONNX graph do not carry the mask), rather than exported to compute the padded steps.
 */
class MaskedRecurrentExportTest {
  private static ModelSpec model(String embedding, String recurrent) {
    var r = Frontend.check("m.nnet", "model M\ninput tokens(length = 6)\n" + embedding + "\n" + recurrent
        + "\ndense 2 softmax\nloss sparse_categorical_crossentropy\n");
    assertThat(r.render()).isEmpty();
    return r.model().orElseThrow();
  }

  @Test
  void maskedRecurrentLayersAreRefusedWithTheirName() {
    assertThat(Exporter.unsupported(model("embedding 10 4 mask_zero = true", "gru 3")))
        .hasValueSatisfying(reason -> assertThat(reason).startsWith("gru1 skips the padded steps"));
    assertThat(Exporter.unsupported(model("embedding 10 4 mask_zero = true", "bidirectional lstm(3)")))
        .hasValueSatisfying(reason -> assertThat(reason).startsWith("bidirectional1 skips"));
  }

  @Test
  void unmaskedRecurrentLayersExport() {
    assertThat(Exporter.unsupported(model("embedding 10 4", "gru 3"))).isEmpty();
  }
}
