package dev.nnet.cli;

import dev.nnet.compiler.model.ModelSpec;
import dev.nnet.compiler.model.Task;
import dev.nnet.runtime.Dataset;
import dev.nnet.runtime.Network;
import dev.nnet.runtime.data.CsvReader;
import dev.nnet.runtime.data.DataPipeline;
import dev.nnet.runtime.data.Source;
import dev.nnet.runtime.data.Target;
import dev.nnet.runtime.io.Excerpt;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code nnet predict MODEL --weights FILE --input X.csv}: one CSV output row per input row, the class and its
 * probabilities for classification, the values for regression.
 */
@Command(
    name = "predict",
    mixinStandardHelpOptions = true,
    description = {
      "Run a trained model on the rows of a CSV file and print one CSV row per input row: the class and the",
      "probabilities, or the regression values. Columns are matched by name with those the model was trained on",
      "(others, such as the label, are ignored). A model with `input text(...)` reads a CSV's text column (the one",
      "its data names) or, from any other file, one text per line. Exit code 1 when an output is not a finite number."
    })
final class PredictCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "MODEL", description = "The .nnet model file.")
  Path model;

  @Option(names = "--weights", required = true, paramLabel = "FILE", description = "The trained model's weights.")
  Path weights;

  @Option(names = "--input", required = true, paramLabel = "FILE", description = "CSV file of inputs, header row (for a text model: a CSV or one text per line).")
  Path input;

  @Option(
      names = "--label",
      paramLabel = "COLUMN",
      description = "A label column to ignore in the input (default: the model's label column, when present).")
  String label;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the predictions to this file (- or none: standard output).")
  Path output;

  @Override
  public Integer call() throws IOException {
    CommandLine cmd = spec.commandLine();
    ModelFiles.requireFile(cmd, input, "input file");
    if (output != null && !Files2.isStdout(output)) {
      Files2.checkWritable(output, "the predictions");
    }
    TrainedModel trained = TrainedModel.load(cmd, model, weights);
    ModelSpec m = trained.spec();
    String ignore = label != null ? label : modelLabel(m);
    Dataset rows = TextInputs.isText(m)
        ? TextInputs.load(TextInputs.source(m, input, ignore), new Target.None(), trained.checkpoint(), weights)
        : numbers(m, trained, ignore, cmd);
    TokenIds.check(m, rows, input.toString());
    StringWriter text = new StringWriter();
    NonFinite bad = write(new PrintWriter(text), trained.network(), rows, m, trained.checkpoint().classes());
    Files2.writeOrPrint(output != null ? output : Files2.STDOUT, text.toString(), cmd.getOut());
    if (bad.rows > 0) {
      cmd.getErr().printf(
          Locale.ROOT,
          "nnet: %,d of %,d rows gave outputs that are not finite numbers (NaN or infinity), the first on input"
              + " line %,d: their inputs are probably far outside what the model was trained on%n",
          bad.rows, rows.rows(), bad.firstRow + 2);
      cmd.getErr().flush();
      return Main.EXIT_INPUT_ERROR;
    }
    return Main.EXIT_OK;
  }

  /** The input CSV's rows as numbers, columns matched by name with those the model was trained on. */
  private Dataset numbers(ModelSpec m, TrainedModel trained, String ignore, CommandLine cmd) {
    List<String> columns = matchColumns(FeatureColumns.decode(trained.checkpoint().metadata()), ignore, cmd);
    return Errors.data(
        () ->
            DataPipeline.loadForPrediction(
                new Source.Csv(input, ignore, 1.0 * scaleOf(m)),
                columns,
                m.input().size(),
                trained.checkpoint().standardizer()));
  }

  /**
   * The training columns to read, by name, saying on standard error when the input orders them differently or has
   * columns the model does not use; empty (read by position) when the weights do not name their columns.
   *
   * @throws UserError when the input lacks a column the model was trained on
   */
  private List<String> matchColumns(List<String> trainedOn, String ignore, CommandLine cmd) {
    if (trainedOn.isEmpty()) {
      return trainedOn;
    }
    List<String> present = Errors.data(() -> CsvReader.featureColumns(input, ignore, new Target.None()));
    List<String> missing = trainedOn.stream().filter(c -> !present.contains(c)).toList();
    if (!missing.isEmpty()) {
      throw new UserError(
          "data error: " + input + ": the model was trained on columns the input lacks: " + quoted(missing)
              + "; its columns are matched by name");
    }
    List<String> extra = present.stream().filter(c -> !trainedOn.contains(c)).toList();
    if (!extra.isEmpty()) {
      cmd.getErr().println("nnet: ignoring input column" + (extra.size() == 1 ? " " : "s ") + quoted(extra)
          + ": the model was not trained on " + (extra.size() == 1 ? "it" : "them"));
    }
    if (extra.isEmpty() && !present.equals(trainedOn)) {
      cmd.getErr().println("nnet: the input's columns are in another order than in training; matched by name");
    }
    cmd.getErr().flush();
    return trainedOn;
  }

  private static String quoted(List<String> names) {
    List<String> shown = names.subList(0, Math.min(8, names.size()));
    return String.join(", ", shown.stream().map(n -> "'" + Excerpt.of(n) + "'").toList())
        + (names.size() > shown.size() ? ", ... (" + names.size() + " in all)" : "");
  }

  /** Rows whose outputs were not all finite: how many, and the first (0-based). */
  private static final class NonFinite {
    int rows;
    int firstRow = -1;
  }

  /** The scale the model's training source applied on load, so inputs are read the same way. */
  private static double scaleOf(ModelSpec m) {
    return m.data().map(d -> d.train().scale()).orElse(1.0);
  }

  private static String modelLabel(ModelSpec m) {
    return m.data()
        .filter(d -> d.train() instanceof dev.nnet.compiler.model.DataSource.Csv)
        .map(d -> ((dev.nnet.compiler.model.DataSource.Csv) d.train()).label())
        .orElse("");
  }

  private static NonFinite write(PrintWriter out, Network net, Dataset rows, ModelSpec m, List<String> classes) {
    NonFinite bad = new NonFinite();
    int outputs = net.outputSize();
    boolean classify = m.task() != Task.REGRESSION;
    List<String> names = classNames(m, classes, outputs);
    // Header.
    StringBuilder header = new StringBuilder(classify ? "class" : "");
    if (classify) {
      for (String n : names) {
        header.append(",p_").append(n);
      }
    } else {
      for (int j = 0; j < outputs; j++) {
        header.append(j == 0 ? "" : ",").append("y").append(j);
      }
    }
    out.println(header);
    int[] order = new int[rows.rows()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    for (int from = 0; from < rows.rows(); from += net.batchCapacity()) {
      int n = Math.min(net.batchCapacity(), rows.rows() - from);
      net.loadBatch(rows, order, from, n);
      net.forward(false);
      for (int r = 0; r < n; r++) {
        for (int j = 0; j < outputs; j++) {
          if (!Double.isFinite(net.output(r, j))) {
            if (bad.rows++ == 0) {
              bad.firstRow = from + r;
            }
            break;
          }
        }
        StringBuilder line = new StringBuilder();
        if (classify) {
          line.append(names.get(predictedClass(net, r, m.task())));
        }
        if (m.task() == Task.BINARY_CLASSIFICATION) {
          double p = net.output(r, 0);
          line.append(',').append(fmt(1 - p)).append(',').append(fmt(p));
        } else {
          for (int j = 0; j < outputs; j++) {
            line.append(classify || j > 0 ? "," : "").append(fmt(net.output(r, j)));
          }
        }
        out.println(line);
      }
    }
    out.flush();
    return bad;
  }

  private static int predictedClass(Network net, int row, Task task) {
    if (task == Task.BINARY_CLASSIFICATION) {
      return net.output(row, 0) >= 0.5 ? 1 : 0;
    }
    int best = 0;
    for (int j = 1; j < net.outputSize(); j++) {
      if (net.output(row, j) > net.output(row, best)) {
        best = j;
      }
    }
    return best;
  }

  private static List<String> classNames(ModelSpec m, List<String> classes, int outputs) {
    int count = m.task() == Task.BINARY_CLASSIFICATION ? 2 : outputs;
    if (classes.size() == count) {
      return classes;
    }
    return java.util.stream.IntStream.range(0, count).mapToObj(Integer::toString).toList();
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.6f", v);
  }
}
