package dev.nnet.compiler.layers.layernorm;

import dev.nnet.compiler.check.Arguments;
import dev.nnet.compiler.check.LayerChecker;
import dev.nnet.compiler.check.LayerKind;
import dev.nnet.compiler.check.Range;
import dev.nnet.compiler.model.Shape;
import java.util.List;
import java.util.Optional;

/**
 * {@code layernorm} (Keras' LayerNormalization over the last axis): epsilon with Keras' default 1e-3; it keeps its
 * input's shape and an embedding's mask.
 */
public final class LayerNormCheck {
  private LayerNormCheck() {}

  public static final List<LayerKind> KEYWORDS = List.of(
      LayerKind.of("layernorm", LayerNormSpec.class, List.of("epsilon"), 0,
          (c, l, n, in, a) -> layerNorm(n, in, a)).masking(LayerKind.KEEPS_MASK));

  private static LayerChecker.Result layerNorm(String name, Optional<Shape> input, Arguments args) {
    double epsilon = args.number("epsilon", 0.001, Range.above(0));
    if (input.isEmpty() || args.failed()) {
      return new LayerChecker.Result(Optional.empty(), input);
    }
    return new LayerChecker.Result(Optional.of(new LayerNormSpec(name, input.get(), input.get(), epsilon)), input);
  }
}
