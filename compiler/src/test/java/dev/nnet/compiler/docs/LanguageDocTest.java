package dev.nnet.compiler.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nnet.compiler.CheckResult;
import dev.nnet.compiler.Frontend;
import dev.nnet.compiler.pipeline.ModelBuilder;
import dev.nnet.compiler.diag.Codes;
import dev.nnet.compiler.diag.Diagnostic;
import dev.nnet.compiler.frontend.RepoRoot;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Keeps docs/LANGUAGE.md honest: every {@code ```nnet} block is a whole model that checks with no error and no
 * warning; every {@code ```nnet fragment} block, given a {@code model} line when it has none, checks with no
 * diagnostic other than the "missing statement" ones a fragment naturally has; every diagnostic code the checker or
 * the build can report has a row in its "Diagnostics" table.
 */
class LanguageDocTest {
  private static final Set<String> MISSING =
      Set.of(Codes.MISSING_MODEL, Codes.MISSING_INPUT, Codes.MISSING_LAYERS, Codes.MISSING_LOSS);

  record Block(int line, boolean fragment, String text) {}

  @TestFactory
  Stream<DynamicTest> everyExampleChecks() throws IOException {
    List<Block> blocks = blocks(Files.readAllLines(RepoRoot.find().resolve("docs/LANGUAGE.md"), StandardCharsets.UTF_8));
    assertThat(blocks).hasSizeGreaterThanOrEqualTo(20);
    assertThat(blocks).filteredOn(b -> !b.fragment()).hasSizeGreaterThanOrEqualTo(5);
    return blocks.stream()
        .map(b -> DynamicTest.dynamicTest("LANGUAGE.md line " + b.line(), () -> check(b)));
  }

  @Test
  void everyDiagnosticCodeIsInTheTable() throws Exception {
    String doc = Files.readString(RepoRoot.find().resolve("docs/LANGUAGE.md"), StandardCharsets.UTF_8);
    List<String> codes = new ArrayList<>(codes(Codes.class));
    codes.addAll(codes(ModelBuilder.class));
    assertThat(codes).hasSizeGreaterThan(30).contains("E001", "E090", "W001");
    assertThat(codes).allSatisfy(code -> assertThat(doc).as("a row for %s", code).contains("| " + code + " | "));
  }

  /** The values of a class's public string constants that look like diagnostic codes (E001, W051). */
  private static List<String> codes(Class<?> holder) throws IllegalAccessException {
    List<String> codes = new ArrayList<>();
    for (Field f : holder.getFields()) {
      if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class
          && ((String) f.get(null)).matches("[EW]\\d{3}")) {
        codes.add((String) f.get(null));
      }
    }
    return codes;
  }

  private static void check(Block b) {
    if (!b.fragment()) {
      CheckResult r = Frontend.check("LANGUAGE.md", b.text());
      assertThat(r.render()).as("example at line %d", b.line()).isEmpty();
      assertThat(r.model()).isPresent();
      return;
    }
    boolean named = b.text().lines().anyMatch(l -> l.startsWith("model "));
    CheckResult r = Frontend.check("LANGUAGE.md", (named ? "" : "model DocExample\n") + b.text());
    List<Diagnostic> unexpected =
        r.diagnostics().stream().filter(d -> !MISSING.contains(d.code())).toList();
    assertThat(unexpected).as("fragment at line %d:%n%s", b.line(), r.render()).isEmpty();
  }

  private static List<Block> blocks(List<String> lines) {
    List<Block> blocks = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String fence = lines.get(i).strip();
      if (fence.equals("```nnet") || fence.equals("```nnet fragment")) {
        StringBuilder text = new StringBuilder();
        int start = i + 1;
        while (++i < lines.size() && !lines.get(i).strip().equals("```")) {
          text.append(lines.get(i)).append('\n');
        }
        blocks.add(new Block(start, fence.endsWith("fragment"), text.toString()));
      }
    }
    return blocks;
  }
}
