package dev.nnet.compiler.pipeline;

import dev.nnet.compiler.diag.Diagnostic;
import java.nio.file.Path;
import java.util.List;

/**
 * The outcome of a build: one report per model file (in path order), the generated sources that were written
 * because their content changed, and the ones deleted because their model is gone.
 */
public record BuildResult(List<ModelReport> models, List<Path> written, List<Path> deleted) {
  public BuildResult {
    models = List.copyOf(models);
    written = List.copyOf(written);
    deleted = List.copyOf(deleted);
  }

  public boolean hasErrors() {
    return models.stream().anyMatch(ModelReport::hasErrors);
  }

  public long errorCount() {
    return diagnostics().stream().filter(Diagnostic::isError).count();
  }

  public long warningCount() {
    return diagnostics().stream().filter(d -> !d.isError()).count();
  }

  public long count(ModelReport.Status status) {
    return models.stream().filter(m -> m.status() == status).count();
  }

  private List<Diagnostic> diagnostics() {
    return models.stream().flatMap(m -> m.diagnostics().stream()).toList();
  }
}
