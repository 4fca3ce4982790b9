package dev.nnet.cli;

import dev.nnet.compiler.model.ModelSpec;
import dev.nnet.runtime.data.DataBlock;
import dev.nnet.runtime.data.Source;
import dev.nnet.runtime.train.TrainingPlan;
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

  /** The file given with {@code --data}, read as the model's input needs: numbers, or texts for a text model. */
  Optional<Source> trainOverride(ModelSpec model) {
    return TextInputs.isText(model)
        ? Optional.ofNullable(file).map(f -> TextInputs.source(model, f, label))
        : trainOverride();
  }

  /**
   * The model's data block (its paths resolved against {@code base}, the model file's folder, and its training
   * source replaced by {@code --data} when given), or a plain block around {@code --data}; a usage error when there
   * is neither.
   *
   * @param command the command's name, for the message
   */
  DataBlock resolve(CommandLine cmd, ModelSpec model, TrainingPlan plan, Path base, String command) {
    if (file != null) {
      ModelFiles.requireFile(cmd, file, "data file");
    }
    if (label != null && file == null) {
      throw new CommandLine.ParameterException(cmd, "--label goes with --data");
    }
    if (plan.data().isPresent()) {
      DataBlock block = plan.data().get().resolve(base);
      return trainOverride(model)
          .map(train -> new DataBlock(train, block.test(), block.testSplit(), block.standardize()))
          .orElse(block);
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
    return new DataBlock(trainOverride(model).orElseThrow(), Optional.empty(), 0, false);
  }

  /** The model file's folder, against which its data paths are resolved. */
  static Path base(Path modelFile) {
    Path parent = modelFile.toAbsolutePath().getParent();
    return parent == null ? Path.of("").toAbsolutePath() : parent;
  }
}
