package dev.nnet.cli;

import dev.nnet.compiler.model.Data;
import dev.nnet.compiler.model.ModelSpec;
import dev.nnet.runtime.data.Source;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** {@code --data FILE --label COLUMN}: a CSV file that replaces the model's own data. */
final class DataOptions {
  @Option(
      names = "--data",
      paramLabel = "FILE",
      description = "A CSV file (or .csv.gz) with a header row, instead of the model's data.")
  Path file;

  @Option(
      names = "--label",
      paramLabel = "COLUMN",
      description = "The label column of --data and --test (default: the last column).")
  String label;

  /** The CSV given with {@code --data}, if any. */
  Optional<Source> trainOverride() {
    return Optional.ofNullable(file).map(f -> new Source.Csv(f, label == null ? "" : label, 1.0));
  }

  /**
   * The model's data block, or a plain one around {@code --data}; a usage error when there is neither.
   *
   * @param command the command's name, for the message
   */
  Data resolve(CommandLine cmd, ModelSpec model, String command) {
    if (file != null) {
      ModelFiles.requireFile(cmd, file, "data file");
    }
    if (label != null && file == null) {
      throw new CommandLine.ParameterException(cmd, "--label goes with --data");
    }
    if (model.data().isPresent()) {
      return model.data().get();
    }
    if (file == null) {
      throw new CommandLine.ParameterException(
          cmd,
          model.sourceFile()
              + " has no data block; give the data with --data FILE.csv [--label COLUMN], e.g. ./nnet "
              + command
              + " "
              + model.sourceFile()
              + " --data train.csv --label species");
    }
    // No data block in the model: the CSV as it is, no test part unless --test is given.
    return new Data(new dev.nnet.compiler.model.DataSource.Csv(file.toString(), label == null ? "" : label, 1.0),
        Optional.empty(), 0, false);
  }
}
