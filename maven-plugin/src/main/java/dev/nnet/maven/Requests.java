package dev.nnet.maven;

import dev.nnet.compiler.pipeline.BuildRequest;
import dev.nnet.compiler.codegen.GeneratorOptions;
import dev.nnet.compiler.model.Precision;
import java.io.File;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** Turns the goals' parameters into a build request; knows nothing of Maven. */
final class Requests {
  private Requests() {}

  /**
   * The request for one goal.
   *
   * @param precision {@code float32} or {@code float64} (any case) to override every model's precision; null or
   *     blank for each model's own
   * @throws IllegalArgumentException when {@code precision} is neither
   */
  static BuildRequest of(
      File sourceDirectory, File outputDirectory, File stateFile, String precision, boolean inputGradient) {
    return new BuildRequest(
        sourceDirectory.toPath(),
        outputDirectory.toPath(),
        stateFile.toPath(),
        new GeneratorOptions(precision(precision), inputGradient));
  }

  static Optional<Precision> precision(String value) {
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    String wanted = value.strip().toUpperCase(Locale.ROOT);
    for (Precision p : Precision.values()) {
      if (p.name().equals(wanted)) {
        return Optional.of(p);
      }
    }
    String allowed =
        Arrays.stream(Precision.values())
            .map(p -> p.name().toLowerCase(Locale.ROOT))
            .collect(Collectors.joining(" or "));
    throw new IllegalArgumentException("precision must be " + allowed + ", not `" + value + "`");
  }
}
