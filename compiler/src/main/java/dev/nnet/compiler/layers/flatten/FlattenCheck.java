package dev.nnet.compiler.layers.flatten;

import dev.nnet.compiler.ast.Statement;
import dev.nnet.compiler.check.Arguments;
import dev.nnet.compiler.check.LayerChecker;
import dev.nnet.compiler.check.LayerKind;
import dev.nnet.compiler.diag.Codes;
import dev.nnet.compiler.diag.Diagnostic;
import dev.nnet.compiler.model.Shape;
import java.util.List;
import java.util.Optional;

/**
 * {@code flatten} (Keras' Flatten): any shape to one vector, warned about when its input is already 1-D; it drops an
 * embedding's mask.
 */
public final class FlattenCheck {
  private FlattenCheck() {}

  public static final List<LayerKind> KEYWORDS = List.of(
      LayerKind.of("flatten", FlattenSpec.class, List.of(), 0, FlattenCheck::flatten).masking(LayerKind.DROPS_MASK));

  private static LayerChecker.Result flatten(
      LayerChecker c, Statement.LayerDecl layer, String name, Optional<Shape> input, Arguments args) {
    if (input.isEmpty()) {
      return LayerChecker.Result.unknown();
    }
    Shape output = Shape.of(input.get().size());
    if (input.get().rank() == 1) {
      c.diagnostics().add(
          Diagnostic.warning(Codes.USELESS_LAYER, layer.kind().span(),
                  "flatten does nothing: its input " + input.get() + " is already 1-D")
              .withHint("remove this layer"));
    }
    return args.failed()
        ? new LayerChecker.Result(Optional.empty(), Optional.of(output))
        : new LayerChecker.Result(Optional.of(new FlattenSpec(name, input.get(), output)), Optional.of(output));
  }
}
