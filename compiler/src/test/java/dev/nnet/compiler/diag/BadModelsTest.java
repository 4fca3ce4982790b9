package dev.nnet.compiler.diag;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nnet.compiler.CheckResult;
import dev.nnet.compiler.Frontend;
import dev.nnet.compiler.frontend.RepoRoot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Baselines: each {@code bad/NAME.nnet} beside {@code bad/NAME.expected}, the exact rendered diagnostics. Run with
 * {@code -Dnnet.updateBaselines=true} to rewrite the baselines after an intended change, then review the diff.
 */
class BadModelsTest {
  private static final Path DIR = RepoRoot.find().resolve("compiler/src/test/resources/bad");
  private static final boolean UPDATE = Boolean.getBoolean("nnet.updateBaselines");

  @TestFactory
  Stream<DynamicTest> everyBadModelRendersItsBaseline() throws IOException {
    return models().stream()
        .map(model -> DynamicTest.dynamicTest(model.getFileName().toString(), () -> check(model)));
  }

  private static void check(Path model) throws IOException {
    String name = model.getFileName().toString();
    String source = Files.readString(model, StandardCharsets.UTF_8);
    CheckResult result = Frontend.check(name, source);
    String rendered = result.render();
    Path baseline = model.resolveSibling(name.replace(".nnet", ".expected"));
    if (UPDATE) {
      Files.writeString(baseline, rendered, StandardCharsets.UTF_8);
    }
    assertThat(baseline).as("baseline for %s (run with -Dnnet.updateBaselines=true)", name).exists();
    assertThat(rendered).isEqualTo(Files.readString(baseline, StandardCharsets.UTF_8));
    assertThat(result.diagnostics()).as("a bad model reports something").isNotEmpty();
    if (result.hasErrors()) {
      assertThat(result.model()).isEmpty();
    } else {
      assertThat(result.model()).as("warnings alone still give a model").isPresent();
    }
  }

  @Test
  void thereAreAtLeastFortyBadModelsEachWithABaseline() throws IOException {
    List<Path> models = models();
    assertThat(models).hasSizeGreaterThanOrEqualTo(40);
    try (Stream<Path> files = Files.list(DIR)) {
      files
          .filter(f -> f.toString().endsWith(".expected"))
          .forEach(
              e ->
                  assertThat(e.resolveSibling(e.getFileName().toString().replace(".expected", ".nnet")))
                      .as("no stale baseline")
                      .exists());
    }
  }

  private static List<Path> models() throws IOException {
    try (Stream<Path> files = Files.list(DIR)) {
      return files.filter(f -> f.toString().endsWith(".nnet")).sorted().toList();
    }
  }
}
