package dev.nnet.cli;

import dev.nnet.compiler.CheckResult;
import dev.nnet.compiler.Frontend;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code nnet check FILE...}: prints every diagnostic of every file; exit 1 when any file has an error. */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description = "Check model files and print their errors and warnings (nothing when they are clean).")
final class CheckCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "FILE", description = "The .nnet model files to check.")
  List<Path> files;

  @Override
  public Integer call() {
    for (Path f : files) {
      ModelFiles.requireFile(spec.commandLine(), f, "model file");
    }
    boolean errors = false;
    var err = spec.commandLine().getErr();
    for (Path f : files) {
      CheckResult result = Frontend.check(f);
      if (!result.diagnostics().isEmpty()) {
        err.print(result.render());
        err.flush();
      }
      errors |= result.hasErrors();
    }
    return errors ? Main.EXIT_INPUT_ERROR : Main.EXIT_OK;
  }
}
