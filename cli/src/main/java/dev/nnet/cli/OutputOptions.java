package dev.nnet.cli;

import dev.nnet.compiler.model.ModelSpec;
import dev.nnet.compiler.summary.ModelSummary;
import dev.nnet.runtime.train.History;
import dev.nnet.runtime.train.TrainingPlan;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * {@code --quiet --verbose --plot FILE --no-plot}: what training shows while it runs, and the history it leaves
 * beside the saved model ({@code NAME.history.csv}, {@code NAME.history.png}).
 */
final class OutputOptions {
  @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
  CommandLine.Model.CommandSpec mixee;

  @Option(
      names = {"-q", "--quiet"},
      description =
          "Plain output, one line per epoch, no progress bar (the default when the output is not a terminal).")
  boolean quiet;

  @Option(
      names = {"-v", "--verbose"},
      description = "Also print the model summary before training and the samples per second of every epoch.")
  boolean verbose;

  @Option(
      names = "--plot",
      paramLabel = "FILE.png",
      description =
          "Where to draw the chart of loss and metrics per epoch (default: NAME.history.png beside the saved model).")
  Path plot;

  @Option(names = "--no-plot", description = "Do not draw the chart (the history CSV is still written).")
  boolean noPlot;

  /** Checks the options together; a conflict is a usage error. */
  void check() {
    CommandLine cmd = mixee.commandLine();
    if (quiet && verbose) {
      throw new CommandLine.ParameterException(cmd, "--quiet and --verbose exclude each other");
    }
    if (plot != null && noPlot) {
      throw new CommandLine.ParameterException(cmd, "--plot and --no-plot exclude each other");
    }
    if (plot != null && !plot.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".png")) {
      throw new CommandLine.ParameterException(cmd, "--plot writes a PNG image: give a file name ending in .png, got "
          + plot);
    }
  }

  /**
   * Checks, before training, that the history, chart and run JSON beside {@code weights} can be written ({@code
   * --json -} goes to standard output).
   */
  void checkWritable(Path weights, Path json) {
    Files2.checkWritable(HistoryFiles.csvBeside(weights), "the history");
    if (!noPlot) {
      Files2.checkWritable(plot != null ? plot : HistoryFiles.plotBeside(weights), "the chart");
    }
    if (json != null && !Files2.isStdout(json)) {
      Files2.checkWritable(json, "the run's JSON");
    }
  }

  /** The model summary, when verbose. */
  void beforeTraining(ModelSpec model, TrainingPlan plan) {
    if (verbose) {
      PrintWriter out = mixee.commandLine().getOut();
      out.print(ModelSummary.render(model, plan.train().batchSize()));
      out.flush();
    }
  }

  /**
   * A progress bar when standard output is a terminal and not {@code --quiet}, else one line per epoch.
   *
   * @param trainSamples training samples per epoch, for the throughput
   */
  Progress progress(ModelSpec model, TrainingPlan plan, int trainSamples) {
    PrintWriter out = mixee.commandLine().getOut();
    EpochPrinter printer = new EpochPrinter(out, verbose, trainSamples);
    if (quiet || !isTerminal()) {
      return Progress.lines(printer);
    }
    RunningMetrics metrics = new RunningMetrics(plan.metrics(), plan.task(), model.output().size());
    return Progress.bar(new ProgressBar(out, printer, metrics, System::nanoTime, Terminal.columns()), metrics);
  }

  private boolean isTerminal() {
    return mixee.root().userObject() instanceof Main main && main.terminal();
  }

  /**
   * Writes the history CSV and the chart beside {@code weights} (the chart where {@code --plot} says), and the run's
   * JSON when asked; prints where they went. A chart that cannot be drawn (no fonts on a bare server, say) is a
   * warning: the history is in the CSV.
   */
  void writeHistory(ModelSpec model, History history, Map<String, Double> test, Path weights, Path json) {
    PrintWriter out = mixee.commandLine().getOut();
    Map<String, String> files = new LinkedHashMap<>();
    files.put("weights", weights.toString());
    Path csv = HistoryFiles.csvBeside(weights);
    Errors.io(() -> Files2.writeAtomically(csv, history.toCsv()));
    files.put("history", csv.toString());
    String written = "history " + csv;
    if (!noPlot) {
      Path png = plot != null ? plot : HistoryFiles.plotBeside(weights);
      byte[] bytes = null;
      try {
        bytes = HistoryPlot.png(history, model.name() + ": training history");
      } catch (IOException | RuntimeException | LinkageError | java.awt.AWTError e) {
        mixee.commandLine().getErr().println("nnet: warning: could not draw the chart " + png + ": " + e);
      }
      if (bytes != null) {
        byte[] image = bytes;
        Errors.io(() -> Files2.writeAtomically(png, image));
        files.put("plot", png.toString());
        written += ", chart " + png;
      }
    }
    out.println(written);
    if (json != null) {
      Files2.writeOrPrint(json, RunJson.render(model.name(), files, history, test), out);
      if (!Files2.isStdout(json)) {
        out.println("run " + json);
      }
    }
    out.flush();
  }
}
