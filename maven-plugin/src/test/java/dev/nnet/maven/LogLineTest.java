package dev.nnet.maven;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nnet.compiler.pipeline.BuildResult;
import dev.nnet.compiler.pipeline.ModelReport;
import dev.nnet.compiler.pipeline.ModelReport.Status;
import dev.nnet.compiler.diag.Diagnostic;
import dev.nnet.compiler.diag.SourceSpan;
import dev.nnet.maven.LogLine.Level;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class LogLineTest {
  private static final Path BROKEN = Path.of("/p/src/main/nnet/com/acme/Broken.nnet");
  private static final String SOURCE = "model Broken\ninput 4\ndense 3 sofmax\n";

  private static ModelReport broken() {
    Diagnostic error =
        Diagnostic.error("E014", new SourceSpan(BROKEN.toString(), 3, 9, 3, 14), "unknown activation `sofmax`")
            .withHint("did you mean `softmax`?");
    Diagnostic warning = Diagnostic.warning("W003", SourceSpan.at(BROKEN.toString(), 2, 1), "no data section");
    return new ModelReport(BROKEN, Status.FAILED, List.of(), SOURCE, List.of(warning, error));
  }

  @Test
  void eachDiagnosticLineIsLoggedAtItsLevelWithTheHeadlineFirst() {
    BuildResult result = new BuildResult(List.of(broken()), List.of(), List.of());
    List<LogLine> lines = LogLine.of(result, "src/main/nnet");

    assertThat(lines.get(0))
        .isEqualTo(new LogLine(Level.WARN, BROKEN + ":2:1: warning[W003]: no data section"));
    int error = lines.indexOf(
        new LogLine(Level.ERROR, BROKEN + ":3:9: error[E014]: unknown activation `sofmax`"));
    assertThat(error).isPositive();
    assertThat(lines.subList(error + 1, error + 4))
        .extracting(LogLine::text)
        .containsExactly("    3 | dense 3 sofmax", "      |         ^^^^^^", "  = hint: did you mean `softmax`?");
    assertThat(lines.subList(error, error + 4)).extracting(LogLine::level).containsOnly(Level.ERROR);
    assertThat(lines.get(lines.size() - 1))
        .isEqualTo(new LogLine(Level.ERROR,
            "nnet: 1 model file in src/main/nnet: 0 compiled, 0 up to date, 1 failed; 0 sources written; 1 error;"
                + " 1 warning"));
  }

  @Test
  void summarisesACleanBuild() {
    Path iris = Path.of("/p/src/main/nnet/Iris.nnet");
    Path out = Path.of("/p/target/generated-sources/nnet/Iris.java");
    BuildResult result =
        new BuildResult(
            List.of(
                new ModelReport(iris, Status.COMPILED, List.of(out), "", List.of()),
                new ModelReport(Path.of("/p/src/main/nnet/Other.nnet"), Status.UP_TO_DATE, List.of(), "", List.of())),
            List.of(out),
            List.of(Path.of("/p/target/generated-sources/nnet/Gone.java")));
    List<LogLine> lines = LogLine.of(result, "src/main/nnet");
    assertThat(lines)
        .contains(new LogLine(Level.DEBUG, "nnet: compiled " + iris + " -> Iris.java"))
        .contains(new LogLine(Level.INFO,
            "nnet: deleted /p/target/generated-sources/nnet/Gone.java (its model file is gone)"))
        .endsWith(new LogLine(Level.INFO,
            "nnet: 2 model files in src/main/nnet: 1 compiled, 1 up to date; 1 source written, 1 deleted"));
    assertThat(lines).noneMatch(l -> l.level() == Level.ERROR || l.level() == Level.WARN);
  }

  @Test
  void saysSoWhenThereIsNothing() {
    assertThat(LogLine.of(new BuildResult(List.of(), List.of(), List.of()), "src/test/nnet"))
        .containsExactly(new LogLine(Level.INFO, "nnet: no model files in src/test/nnet"));
  }
}
