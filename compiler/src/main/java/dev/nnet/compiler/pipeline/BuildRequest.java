package dev.nnet.compiler.pipeline;

import dev.nnet.compiler.codegen.GeneratorOptions;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What to build: every {@code *.nnet} file under {@code sourceDirectory}, generated into {@code outputDirectory}.
 * A model file that names no package gets the package of its folder relative to {@code sourceDirectory}.
 *
 * @param sourceDirectory the root of the model files; it need not exist (then there is nothing to build)
 * @param outputDirectory the root of the generated sources; nothing is ever written or deleted outside it
 * @param stateFile where the build remembers what it generated from what, to skip unchanged models and delete the
 *     classes of removed ones; deleting it only makes the next build regenerate everything
 * @param options the generator options, part of what makes a model up to date
 */
public record BuildRequest(Path sourceDirectory, Path outputDirectory, Path stateFile, GeneratorOptions options) {
  public BuildRequest {
    sourceDirectory = absolute(sourceDirectory, "sourceDirectory");
    outputDirectory = absolute(outputDirectory, "outputDirectory");
    stateFile = absolute(stateFile, "stateFile");
    Objects.requireNonNull(options, "options");
    if (stateFile.startsWith(outputDirectory)) {
      // The output directory is a source root: a state file there would be handed to javac's source scan.
      throw new IllegalArgumentException(
          "the state file " + stateFile + " must not be inside the output directory " + outputDirectory);
    }
  }

  private static Path absolute(Path path, String what) {
    return Objects.requireNonNull(path, what).toAbsolutePath().normalize();
  }
}
