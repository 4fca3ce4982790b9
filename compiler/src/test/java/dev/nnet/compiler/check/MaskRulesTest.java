package dev.nnet.compiler.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nnet.compiler.CheckResult;
import dev.nnet.compiler.Frontend;
import dev.nnet.compiler.LayerTable;
import dev.nnet.compiler.ast.Statement;
import dev.nnet.compiler.diag.Codes;
import dev.nnet.compiler.diag.Diagnostic;
import dev.nnet.compiler.diag.Diagnostics;
import dev.nnet.compiler.parse.ModelParser;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which layers take an embedding's mask_zero mask, as Keras: kept, dropped, or refused (E049). */
class MaskRulesTest {
  private static List<String> codes(String embedding, String layers) {
    CheckResult r = Frontend.check("m.nnet", "model M\ninput tokens(length = 6)\n" + embedding + "\n" + layers
        + "loss sparse_categorical_crossentropy\n");
    return r.diagnostics().stream().map(Diagnostic::code).toList();
  }

  @Test
  void elementWiseLayersAndNormalizationKeepTheMaskAndFlattenDropsIt() {
    assertThat(codes("embedding 10 4 mask_zero = true",
        "dropout 0.5\nactivation relu\nbatchnorm\nlayernorm\nflatten\ndense 2 softmax\n")).isEmpty();
  }

  @Test
  void aLayerWithoutMaskingAfterAMaskIsRefusedEvenAfterKeepers() {
    assertThat(codes("embedding 10 4 mask_zero = true", "dropout 0.5\nconv2d 2 3x3\nflatten\ndense 2 softmax\n"))
        .contains(Codes.MASK_NOT_SUPPORTED);
  }

  @Test
  void withoutMaskZeroNothingIsMasked() {
    assertThat(codes("embedding 10 4", "conv2d 2 3x3\nflatten\ndense 2 softmax\n"))
        .doesNotContain(Codes.MASK_NOT_SUPPORTED);
  }

  @Test
  void recurrentLayersPassTheMaskOnOnlyWithReturnSequences() {
    assertThat(rule("lstm").passesMask(decl("lstm 8 return_sequences = true"))).isTrue();
    assertThat(rule("gru").passesMask(decl("gru 8"))).isFalse();
    assertThat(rule("bidirectional").passesMask(decl("bidirectional lstm(16, return_sequences = true)"))).isTrue();
    assertThat(rule("global_maxpool1d").passesMask(decl("global_maxpool1d"))).isFalse();
  }

  @Test
  void convolutionsAndWindowPoolingsHaveNoMaskRule() {
    for (String keyword : new String[] {"conv1d", "conv2d", "maxpool1d", "avgpool2d", "embedding"}) {
      assertThat(LayerTable.KEYWORDS.get(keyword).mask()).as(keyword).isEmpty();
    }
  }

  private static LayerKind.MaskRule rule(String keyword) {
    return LayerTable.KEYWORDS.get(keyword).mask().orElseThrow();
  }

  /** One layer line's declaration. */
  private static Statement.LayerDecl decl(String line) {
    return (Statement.LayerDecl) ModelParser.parse("l.nnet", line + "\n", new Diagnostics()).statements().get(0);
  }
}
