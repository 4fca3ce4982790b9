package dev.nnet.compiler.layers.batchnorm;

import dev.nnet.compiler.check.Arguments;
import dev.nnet.compiler.check.LayerChecker;
import dev.nnet.compiler.check.LayerKind;
import dev.nnet.compiler.check.Range;
import dev.nnet.compiler.model.Shape;
import java.util.List;
import java.util.Optional;

/**
 * {@code batchnorm} (Keras' BatchNormalization): momentum and epsilon with Keras' defaults; it keeps its input's shape
 * and an embedding's mask.
 */
public final class BatchNormCheck {
  private BatchNormCheck() {}

  public static final List<LayerKind> KEYWORDS = List.of(
      LayerKind.of("batchnorm", BatchNormSpec.class, List.of("momentum", "epsilon"), 0,
          (c, l, n, in, a) -> batchNorm(n, in, a)).masking(LayerKind.KEEPS_MASK));

  private static LayerChecker.Result batchNorm(String name, Optional<Shape> input, Arguments args) {
    double momentum = args.number("momentum", 0.99, Range.UNIT);
    double epsilon = args.number("epsilon", 0.001, Range.above(0));
    if (input.isEmpty() || args.failed()) {
      return new LayerChecker.Result(Optional.empty(), input);
    }
    return new LayerChecker.Result(
        Optional.of(new BatchNormSpec(name, input.get(), input.get(), momentum, epsilon)), input);
  }
}
