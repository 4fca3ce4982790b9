package dev.nnet.maven;

import dev.nnet.compiler.pipeline.BuildResult;
import dev.nnet.compiler.pipeline.ModelReport;
import dev.nnet.compiler.pipeline.ModelReport.Status;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One line for Maven's log. A build's diagnostics come first, each line on its own log line at the diagnostic's
 * level, so that a diagnostic's headline reads {@code [ERROR] /abs/Model.nnet:LINE:COL: error[CODE]: message}, the
 * form IDEs link from Maven's output; then one summary line.
 */
record LogLine(Level level, String text) {
  enum Level {
    DEBUG,
    INFO,
    WARN,
    ERROR
  }

  /**
   * The lines reporting {@code result}.
   *
   * @param what names the goal's models in the summary, e.g. {@code src/main/nnet}
   */
  static List<LogLine> of(BuildResult result, String what) {
    List<LogLine> lines = new ArrayList<>();
    for (ModelReport model : result.models()) {
      List<String> rendered = model.rendered();
      for (int i = 0; i < rendered.size(); i++) {
        // Every line of a diagnostic at its level: the source line and caret belong with the headline.
        Level level = model.diagnostics().get(i).isError() ? Level.ERROR : Level.WARN;
        for (String text : rendered.get(i).split("\n")) {
          lines.add(new LogLine(level, text));
        }
      }
      if (model.status() == Status.COMPILED) {
        lines.add(new LogLine(Level.DEBUG, "nnet: compiled " + model.file() + " -> " + names(model.outputs())));
      }
    }
    for (Path p : result.written()) {
      lines.add(new LogLine(Level.DEBUG, "nnet: wrote " + p));
    }
    for (Path p : result.deleted()) {
      lines.add(new LogLine(Level.INFO, "nnet: deleted " + p + " (its model file is gone)"));
    }
    lines.add(new LogLine(result.hasErrors() ? Level.ERROR : Level.INFO, summary(result, what)));
    return lines;
  }

  static String summary(BuildResult result, String what) {
    int models = result.models().size();
    if (models == 0 && result.deleted().isEmpty()) {
      return "nnet: no model files in " + what;
    }
    StringBuilder s = new StringBuilder("nnet: ").append(plural(models, "model file")).append(" in ").append(what);
    s.append(": ").append(result.count(Status.COMPILED)).append(" compiled, ");
    s.append(result.count(Status.UP_TO_DATE)).append(" up to date");
    if (result.count(Status.FAILED) > 0) {
      s.append(", ").append(result.count(Status.FAILED)).append(" failed");
    }
    s.append("; ").append(plural(result.written().size(), "source")).append(" written");
    if (!result.deleted().isEmpty()) {
      s.append(", ").append(result.deleted().size()).append(" deleted");
    }
    if (result.errorCount() > 0) {
      s.append("; ").append(plural(result.errorCount(), "error"));
    }
    if (result.warningCount() > 0) {
      s.append("; ").append(plural(result.warningCount(), "warning"));
    }
    return s.toString();
  }

  private static String plural(long n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }

  private static String names(List<Path> files) {
    return files.stream().map(p -> p.getFileName().toString()).reduce((a, b) -> a + ", " + b).orElse("nothing");
  }
}
