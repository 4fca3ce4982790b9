package dev.nnet.compiler.codegen;

import dev.nnet.compiler.model.Precision;
import java.util.Optional;

/**
 * Choices made when generating, not in the model file.
 *
 * @param precision overrides the model's precision when present
 * @param inputGradient also compute the gradient with respect to the input (gradient checks; normally skipped)
 */
public record GeneratorOptions(Optional<Precision> precision, boolean inputGradient) {
  public static GeneratorOptions defaults() {
    return new GeneratorOptions(Optional.empty(), false);
  }
}
