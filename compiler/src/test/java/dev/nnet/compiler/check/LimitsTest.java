package dev.nnet.compiler.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nnet.compiler.CheckResult;
import dev.nnet.compiler.Frontend;
import dev.nnet.compiler.diag.Diagnostic;
import dev.nnet.compiler.fuzz.ModelFuzzTarget;
import dev.nnet.compiler.parse.ModelParser;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Every size the language allows either works or is refused by the checker with a diagnostic (issue 18, items 2
 * and 6): nesting depth, layer count, batch size against the arrays, name lengths, numbers too large for their
 * type. Before, these ended in a StackOverflowError, "code too large", "File name too long", an out-of-memory
 * error, or a message quoting the wrong value.
 */
class LimitsTest {
  private static List<Diagnostic> errors(String source) {
    CheckResult r = Frontend.check("m.nnet", source);
    assertThat(r.model()).as("model of%n%s", source.length() > 300 ? source.substring(0, 300) : source).isEmpty();
    return r.diagnostics().stream().filter(Diagnostic::isError).toList();
  }

  private static String layers(int n, String layer) {
    return ("\n" + layer).repeat(n);
  }

  @Test
  void bracketsNestedThousandsDeepAreOneDiagnosticNotAStackOverflow() {
    for (String open : List.of("[", "(", "dense 3(")) {
      List<Diagnostic> errors = errors("model M\ninput [4]\ndense " + open.repeat(20_000) + "\n");
      assertThat(errors).hasSize(1);
      assertThat(errors.get(0).code()).isEqualTo("E007");
      assertThat(errors.get(0).message()).isEqualTo("brackets and parentheses nested more than "
          + ModelParser.MAX_NESTING + " deep");
    }
    // The deepest nesting allowed still parses (and is then an ordinary error).
    String deepest = "model M\ninput " + "[".repeat(ModelParser.MAX_NESTING) + "4" + "]".repeat(ModelParser.MAX_NESTING)
        + "\ndense 3 softmax\nloss sparse_categorical_crossentropy\n";
    assertThat(errors(deepest)).noneMatch(d -> d.code().equals("E007"));
  }

  @Test
  void moreLayersThanTheGeneratedConstructorHoldsAreRefused() {
    String source = "model M\ninput [4]" + layers(Limits.MAX_LAYERS, "dense 4 relu")
        + "\ndense 3 softmax\nloss sparse_categorical_crossentropy\n";
    List<Diagnostic> errors = errors(source);
    assertThat(errors).hasSize(1);
    assertThat(errors.get(0).message()).isEqualTo("the model has " + (Limits.MAX_LAYERS + 1) + " layers; at most "
        + Limits.MAX_LAYERS + " are allowed");
    assertThat(errors.get(0).span().line()).isEqualTo(2 + Limits.MAX_LAYERS + 1);
  }

  /** The bulkiest layers, as many as allowed: the generated class compiles (600 dense or 300 conv2d did not). */
  @Test
  @Tag("slow")
  void theMostLayersAllowedCompile() {
    String source = "model Deep\ninput [6, 6, 1]"
        + layers(Limits.MAX_LAYERS - 2, "conv2d 1 3x3 padding=same activation=gelu")
        + "\nflatten\ndense 3 softmax\nloss sparse_categorical_crossentropy\n";
    CheckResult r = Frontend.check("deep.nnet", source);
    assertThat(r.diagnostics()).isEmpty();
    ModelFuzzTarget.check("deep.nnet", source); // generates, and fails unless javac compiles it
  }

  @Test
  void aBatchLargerThanAnArrayHoldsIsRefusedNamingTheLargestThatFits() {
    List<Diagnostic> errors = errors("model M\ninput [4]\ndense 100 relu\ndense 3 softmax\n"
        + "loss sparse_categorical_crossentropy\ntrain { batch_size 2147483647 }\n");
    assertThat(errors).hasSize(1);
    assertThat(errors.get(0).message()).startsWith("batch_size: a batch of 2,147,483,647 samples of layer dense1's"
        + " 100 values").endsWith("the largest batch for this model is 21,474,836");
  }

  @Test
  void namesTooLongForAFileNameAreRefused() {
    String longName = "M" + "x".repeat(JavaNames.MAX_NAME_LENGTH);
    List<Diagnostic> model = errors("model " + longName + "\ninput [4]\ndense 3 softmax\n"
        + "loss sparse_categorical_crossentropy\n");
    assertThat(model).singleElement().satisfies(d -> {
      assertThat(d.message()).isEqualTo("model name is " + longName.length() + " characters long; at most "
          + JavaNames.MAX_NAME_LENGTH + " are allowed (it becomes a file name)");
      assertThat(d.hint()).hasValue("the model name becomes the Java class name and its file's name: shorten it");
    });
    List<Diagnostic> pkg = errors("model M\npackage com." + "p".repeat(300) + "\ninput [4]\ndense 3 softmax\n"
        + "loss sparse_categorical_crossentropy\n");
    assertThat(pkg).singleElement().satisfies(d -> assertThat(d.message()).startsWith(
        "package name part is 300 characters long"));
    assertThat(JavaNames.problem("", "M" + "x".repeat(JavaNames.MAX_NAME_LENGTH - 1))).isEmpty();
  }

  @Test
  void exportNamesFollowTheCheckersRules() {
    assertThat(JavaNames.problem("java.lang", "Model")).hasValue("packages under `java` are reserved for the JDK");
    assertThat(JavaNames.problem("com.example", "String")).hasValue(
        "class name `String` would hide java.lang.String in the generated class");
    assertThat(JavaNames.problem("dev.nnet.runtime", "M")).isPresent();
    assertThat(JavaNames.problem("com.example", "Model")).isEmpty();
  }

  @Test
  void aWindowTooLargeForAnIntSaysWhatWasWritten() {
    List<Diagnostic> errors = errors("model M\ninput [28, 28, 1]\nconv2d 4 99999999999x99999999999\nflatten\n"
        + "dense 3 softmax\nloss sparse_categorical_crossentropy\n");
    assertThat(errors).singleElement().satisfies(d -> assertThat(d.message()).isEqualTo(
        "conv2d kernel_size is too large, got 99999999999x99999999999"));
  }

  @Test
  void aFractionThatOverflowsIsNotCalledNegative() {
    List<Diagnostic> errors = errors("model M\ninput [4]\ndense 3 softmax\nloss sparse_categorical_crossentropy\n"
        + "data {\n  train csv(\"x.csv\") scale 1e308/1e-308\n}\n");
    assertThat(errors).singleElement().satisfies(d -> {
      assertThat(d.code()).isEqualTo("E006");
      assertThat(d.message()).isEqualTo("scale factor 1e308/1e-308 is too large: it overflows to infinity");
    });
  }

  @Test
  void aDiagnosticShowsAtMost200CharactersOfAHugeLine() {
    String hugeLine = "dense 3 softmax " + "\u001b[2J".repeat(10) + "x".repeat(1_000_000);
    CheckResult r = Frontend.check("m.nnet", "model M\ninput [4]\n" + hugeLine + "\n");
    String rendered = r.diagnostics().stream().map(d -> d.render(r.source())).reduce("", String::concat);
    assertThat(rendered.length()).isLessThan(2_000 * Math.max(1, r.diagnostics().size()));
    assertThat(rendered).doesNotContain("\u001b");
  }
}
