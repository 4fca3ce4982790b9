package dev.nnet.cli;

import dev.nnet.compiler.CheckResult;
import dev.nnet.compiler.Frontend;
import dev.nnet.compiler.model.ModelSpec;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;

/** Reading model files for the commands: a missing file is a usage error, a bad one prints its diagnostics. */
final class ModelFiles {
  private ModelFiles() {}

  /** Fails with a usage error (exit 2) when {@code file} is not a readable regular file. */
  static void requireFile(CommandLine cmd, Path file, String what) {
    if (Files.exists(file) && !Files.isRegularFile(file) && !Files.isDirectory(file)) {
      throw new CommandLine.ParameterException(cmd, what + " " + file + " is not a regular file (a device, a pipe or a"
          + " socket); nnet reads only files");
    }
    if (!Files.isRegularFile(file)) {
      throw new CommandLine.ParameterException(
          cmd, what + " not found: " + file + (Files.isDirectory(file) ? " (it is a folder)" : ""));
    }
  }

  /**
   * Checks {@code file}, prints its diagnostics (warnings too) to {@code err}, and returns the model, or throws
   * a {@link UserError} (exit 1) when the file has errors.
   */
  static ModelSpec load(CommandLine cmd, Path file, PrintWriter err) {
    requireFile(cmd, file, "model file");
    CheckResult result = Frontend.check(file);
    if (!result.diagnostics().isEmpty()) {
      err.print(result.render());
      err.flush();
    }
    if (result.hasErrors() || result.model().isEmpty()) {
      long errors = result.diagnostics().stream().filter(d -> d.isError()).count();
      throw new UserError(file + ": " + errors + (errors == 1 ? " error" : " errors") + "; nothing was run");
    }
    return result.model().get();
  }
}
