package dev.nnet.cli;

import dev.nnet.compiler.model.ModelSpec;
import dev.nnet.compiler.summary.ModelSummary;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code nnet summary FILE}: the Keras-style table of layers, shapes and parameter counts. */
@Command(
    name = "summary",
    mixinStandardHelpOptions = true,
    description =
        "Print a model's layers with their output shapes and parameter counts, the totals and their size in bytes,"
            + " the floating-point operations per sample and the memory at the training batch size.")
final class SummaryCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FILE", description = "The .nnet model file.")
  Path file;

  @Option(
      names = "--batch-size",
      paramLabel = "N",
      description = "Batch size for the activation memory (default: the model's).")
  Integer batchSize;

  @Override
  public Integer call() {
    ModelSpec model = ModelFiles.load(spec.commandLine(), file, spec.commandLine().getErr());
    if (batchSize != null && batchSize < 1) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--batch-size must be at least 1");
    }
    int n = batchSize != null ? batchSize : model.training().batchSize();
    spec.commandLine().getOut().print(ModelSummary.render(model, n));
    spec.commandLine().getOut().flush();
    return Main.EXIT_OK;
  }
}
