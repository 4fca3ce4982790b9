package dev.nnet.compiler.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nnet.compiler.CheckResult;
import dev.nnet.compiler.Frontend;
import dev.nnet.compiler.LayerTable;
import dev.nnet.compiler.frontend.RepoRoot;
import dev.nnet.compiler.model.ActivationKind;
import dev.nnet.compiler.model.LayerSpec;
import dev.nnet.runtime.kernel.Activations;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The op tables hold what the compiler cannot check: that every activation the language declares has its runtime
 * kernels, is documented and is in the fuzzer's dictionary, and that every layer keyword is checked into a spec and
 * documented. (Every stage's per-kind code is an abstract method of each layer kind's {@code Layer} record or a case
 * of an exhaustive switch over {@link ActivationKind}, which the compiler checks; {@code LayerTableTest} checks that
 * no layer spec is left out of the table.)
 */
class OpTableTest {
  @ParameterizedTest
  @EnumSource(ActivationKind.class)
  void everyActivationHasItsKernelPairInBothPrecisions(ActivationKind kind) {
    if (kind.form() == ActivationKind.Form.IDENTITY) {
      return;
    }
    Class<?>[] extra = switch (kind.form()) {
      case VALUES -> new Class<?>[] {int.class, int.class};
      case VALUES_WITH_ALPHA -> new Class<?>[] {int.class, int.class, double.class};
      case ROWS -> new Class<?>[] {int.class, int.class, int.class};
      case IDENTITY -> new Class<?>[0];
    };
    for (Class<?> array : new Class<?>[] {float[].class, double[].class}) {
      assertThat(find(kind.kernel(), array, 2, extra)).as(kind + " forward on " + array.getSimpleName()).isTrue();
      assertThat(find(kind.kernel() + "Backward", array, 3, extra))
          .as(kind + " backward on " + array.getSimpleName()).isTrue();
    }
  }

  private static boolean find(String name, Class<?> array, int arrays, Class<?>[] extra) {
    Class<?>[] params = new Class<?>[arrays + extra.length];
    Arrays.fill(params, 0, arrays, array);
    System.arraycopy(extra, 0, params, arrays, extra.length);
    try {
      Method m = Activations.class.getMethod(name, params);
      return m.getReturnType() == void.class;
    } catch (NoSuchMethodException e) {
      return false;
    }
  }

  @ParameterizedTest
  @EnumSource(ActivationKind.class)
  void everyActivationIsAcceptedByTheCheckerDocumentedAndFuzzed(ActivationKind kind) throws Exception {
    CheckResult r = Frontend.check("a.nnet", "model A\ninput [4]\ndense 3 " + kind.keyword()
        + "\nactivation " + kind.keyword() + "\ndense 2\nloss mean_squared_error\n");
    assertThat(r.render()).isEmpty();
    String doc = Files.readString(RepoRoot.find().resolve("docs/LANGUAGE.md"));
    assertThat(doc).contains("`" + kind.keyword() + "`");
    String dictionary = Files.readString(RepoRoot.find()
        .resolve("compiler/src/test/resources/dev/nnet/compiler/fuzz/nnet.dict"));
    assertThat(dictionary).as("the fuzzer's dictionary").contains("\"" + kind.keyword() + "\"");
  }

  @Test
  void everyLayerKeywordMakesASpecAndIsDocumented() throws Exception {
    String doc = Files.readString(RepoRoot.find().resolve("docs/LANGUAGE.md"));
    for (String keyword : LayerTable.KEYWORDS.keySet()) {
      String layer = switch (keyword) {
        case "dense" -> "flatten\ndense 3";
        case "dropout" -> "dropout 0.5";
        case "activation" -> "activation relu";
        case "conv2d" -> "conv2d 2 3x3";
        case "conv1d" -> "conv1d 2 3";
        case "embedding" -> "embedding 10 2";
        case "simple_rnn", "gru", "lstm" -> keyword + " 3 return_sequences = true";
        case "bidirectional" -> "bidirectional gru(3, return_sequences = true)";
        default -> keyword;
      };
      // an embedding reads token ids, a recurrent or 1-D layer a sequence; every other layer takes an image
      String input = switch (keyword) {
        case "embedding" -> "tokens(length = 6)";
        case "simple_rnn", "gru", "lstm", "bidirectional", "conv1d", "maxpool1d", "avgpool1d", "global_maxpool1d",
            "global_avgpool1d" -> "[6, 2]";
        default -> "[6, 6, 2]";
      };
      CheckResult r = Frontend.check("l.nnet", "model L\ninput " + input + "\n" + layer
          + "\nflatten\ndense 2\nloss mean_squared_error\n");
      assertThat(r.model()).as(keyword + ": " + r.render()).isPresent();
      LayerSpec made = r.model().get().layers().get(keyword.equals("dense") ? 1 : 0);
      assertThat(made.kerasName()).as(keyword).isNotBlank();
      assertThat(doc.lines().filter(l -> l.startsWith("### ")))
          .as(keyword + " in a heading of LANGUAGE.md")
          .anyMatch(l -> l.contains("`" + keyword + "`") || l.contains("`" + keyword + " "));
    }
  }
}
