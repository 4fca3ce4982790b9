package dev.nnet.compiler.layers.dropout;

import dev.nnet.compiler.check.Arguments;
import dev.nnet.compiler.check.LayerChecker;
import dev.nnet.compiler.check.LayerKind;
import dev.nnet.compiler.check.Range;
import dev.nnet.compiler.model.Shape;
import java.util.List;
import java.util.Optional;

/** {@code dropout} (Keras' Dropout): {@code rate} in [0, 1); it keeps its input's shape and an embedding's mask. */
public final class DropoutCheck {
  private DropoutCheck() {}

  public static final List<LayerKind> KEYWORDS = List.of(
      LayerKind.of("dropout", DropoutSpec.class, List.of("rate"), 1, (c, l, n, in, a) -> dropout(n, in, a))
          .masking(LayerKind.KEEPS_MASK));

  private static LayerChecker.Result dropout(String name, Optional<Shape> input, Arguments args) {
    args.requireAll("rate");
    double rate = args.number("rate", 0, Range.UNIT);
    if (input.isEmpty() || args.failed()) {
      return new LayerChecker.Result(Optional.empty(), input);
    }
    return new LayerChecker.Result(Optional.of(new DropoutSpec(name, input.get(), input.get(), rate)), input);
  }
}
