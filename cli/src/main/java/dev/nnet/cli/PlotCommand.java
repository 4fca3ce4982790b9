package dev.nnet.cli;

import dev.nnet.runtime.train.History;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code nnet plot HISTORY.csv [-o FILE.png]}: draws (again) the chart of a training history. */
@Command(
    name = "plot",
    mixinStandardHelpOptions = true,
    description = "Draw the chart of loss and metrics per epoch from a history CSV that train wrote.")
final class PlotCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "HISTORY", description = "A NAME.history.csv file written by train.")
  Path history;

  @Option(
      names = {"-o", "--out"},
      paramLabel = "FILE.png",
      description = "Where to write the chart (default: the history's name with .png).")
  Path out;

  @Option(names = "--title", paramLabel = "TEXT", description = "The chart's title (default: the file's name).")
  String title;

  @Override
  public Integer call() {
    CommandLine cmd = spec.commandLine();
    ModelFiles.requireFile(cmd, history, "history file");
    String name = history.getFileName().toString();
    Path target = out != null ? out : history.resolveSibling(
        (name.endsWith(".csv") ? name.substring(0, name.length() - 4) : name) + ".png");
    if (!target.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".png")) {
      throw new CommandLine.ParameterException(cmd, "the chart is a PNG image: give a file name ending in .png");
    }
    History h = HistoryFiles.readCsv(history);
    byte[] png;
    try {
      png = HistoryPlot.png(h, title != null ? title : name);
    } catch (java.io.IOException e) {
      throw new UserError("cannot draw the chart: " + e.getMessage());
    }
    Errors.io(() -> Files2.writeAtomically(target, png));
    cmd.getOut().println("wrote " + target);
    cmd.getOut().flush();
    return Main.EXIT_OK;
  }
}
