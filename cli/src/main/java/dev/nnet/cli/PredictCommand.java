package dev.nnet.cli;

import dev.nnet.compiler.model.ModelSpec;
import dev.nnet.compiler.model.Task;
import dev.nnet.runtime.Dataset;
import dev.nnet.runtime.Network;
import dev.nnet.runtime.data.DataPipeline;
import dev.nnet.runtime.data.Source;
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
      "Run a trained model on the rows of a CSV file (header row; a column named like the label is ignored) and",
      "print one CSV row per input row: the class and the probabilities, or the regression values."
    })
final class PredictCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "MODEL", description = "The .nnet model file.")
  Path model;

  @Option(names = "--weights", required = true, paramLabel = "FILE", description = "The trained model's weights.")
  Path weights;

  @Option(names = "--input", required = true, paramLabel = "FILE", description = "CSV file of inputs, header row.")
  Path input;

  @Option(
      names = "--label",
      paramLabel = "COLUMN",
      description = "A label column to ignore in the input (default: the model's label column, when present).")
  String label;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the predictions here, not stdout.")
  Path output;

  @Override
  public Integer call() throws IOException {
    CommandLine cmd = spec.commandLine();
    ModelFiles.requireFile(cmd, input, "input file");
    TrainedModel trained = TrainedModel.load(cmd, model, weights);
    ModelSpec m = trained.spec();
    String ignore = label != null ? label : modelLabel(m);
    Dataset rows =
        Errors.data(
            () ->
                DataPipeline.loadForPrediction(
                    new Source.Csv(input, ignore, 1.0 * scaleOf(m)),
                    m.input().size(),
                    trained.checkpoint().standardizer()));
    StringWriter text = new StringWriter();
    write(new PrintWriter(text), trained.network(), rows, m, trained.checkpoint().classes());
    if (output != null) {
      Errors.io(() -> Files2.writeAtomically(output, text.toString()));
    } else {
      cmd.getOut().print(text);
      cmd.getOut().flush();
    }
    return Main.EXIT_OK;
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

  private static void write(PrintWriter out, Network net, Dataset rows, ModelSpec m, List<String> classes) {
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
