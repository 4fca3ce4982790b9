package dev.nnet.compiler;

import dev.nnet.compiler.diag.Diagnostic;
import dev.nnet.compiler.model.ModelSpec;
import java.util.List;
import java.util.Optional;

/**
 * What checking a model file gives: the model when there is no error, and every diagnostic (errors and warnings)
 * in source order.
 */
public record CheckResult(String fileName, String source, Optional<ModelSpec> model, List<Diagnostic> diagnostics) {
  public CheckResult {
    diagnostics = List.copyOf(diagnostics);
  }

  public boolean hasErrors() {
    return diagnostics.stream().anyMatch(Diagnostic::isError);
  }

  /** Every diagnostic rendered with its source line and caret, separated by blank lines; empty when clean. */
  public String render() {
    StringBuilder out = new StringBuilder();
    for (Diagnostic d : diagnostics) {
      if (out.length() > 0) {
        out.append('\n');
      }
      out.append(d.render(source));
    }
    return out.toString();
  }
}
