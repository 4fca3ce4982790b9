package dev.nnet.compiler.layers.activation;

import dev.nnet.compiler.check.Arguments;
import dev.nnet.compiler.check.LayerChecker;
import dev.nnet.compiler.check.LayerKind;
import dev.nnet.compiler.check.Names;
import dev.nnet.compiler.model.Activation;
import dev.nnet.compiler.model.Shape;
import java.util.List;
import java.util.Optional;

/**
 * {@code activation} (Keras' Activation): one activation, named as in a layer's {@code activation} argument; it keeps
 * its input's shape and an embedding's mask.
 */
public final class ActivationLayerCheck {
  private ActivationLayerCheck() {}

  public static final List<LayerKind> KEYWORDS = List.of(
      LayerKind.of("activation", ActivationLayerSpec.class, List.of("activation"), 1,
          (c, l, n, in, a) -> activation(c, n, in, a)).masking(LayerKind.KEEPS_MASK));

  private static LayerChecker.Result activation(LayerChecker c, String name, Optional<Shape> input, Arguments args) {
    args.requireAll("activation");
    Optional<Activation> activation =
        args.value("activation").flatMap(v -> Names.activation("activation", v, c.diagnostics()));
    if (input.isEmpty() || activation.isEmpty() || args.failed()) {
      return new LayerChecker.Result(Optional.empty(), input);
    }
    return new LayerChecker.Result(
        Optional.of(new ActivationLayerSpec(name, input.get(), input.get(), activation.get())), input);
  }
}
