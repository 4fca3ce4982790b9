package dev.nnet.compiler.pipeline;

import dev.nnet.compiler.diag.Diagnostic;
import java.nio.file.Path;
import java.util.List;

/**
 * What became of one model file in a build.
 *
 * @param file the model file, absolute
 * @param status whether it was compiled, skipped as up to date, or failed
 * @param outputs the generated sources it stands for, absolute (those of its last good build when it failed)
 * @param source the model's text, to render diagnostics with their source line; empty when it was not read
 * @param diagnostics its errors and warnings, naming the file by its absolute path
 */
public record ModelReport(Path file, Status status, List<Path> outputs, String source, List<Diagnostic> diagnostics) {
  public ModelReport {
    outputs = List.copyOf(outputs);
    diagnostics = List.copyOf(diagnostics);
  }

  /** How a model file fared. */
  public enum Status {
    /** Checked and generated; each of its outputs was rewritten only if its content changed. */
    COMPILED,
    /** Source, options and compiler unchanged, outputs intact: not even parsed. */
    UP_TO_DATE,
    /** Has errors; nothing was generated from it. */
    FAILED
  }

  public boolean hasErrors() {
    return diagnostics.stream().anyMatch(Diagnostic::isError);
  }

  /** Each diagnostic rendered with its source line, caret and hint, in order. */
  public List<String> rendered() {
    return diagnostics.stream().map(d -> d.render(source)).toList();
  }
}
