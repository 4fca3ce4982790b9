package dev.nnet.compiler.layers.dense;

import dev.nnet.compiler.ast.Statement;
import dev.nnet.compiler.check.Arguments;
import dev.nnet.compiler.check.LayerChecker;
import dev.nnet.compiler.check.LayerKind;
import dev.nnet.compiler.check.Range;
import dev.nnet.compiler.diag.Codes;
import dev.nnet.compiler.diag.Diagnostic;
import dev.nnet.compiler.model.Activation;
import dev.nnet.compiler.model.Initializer;
import dev.nnet.compiler.model.Shape;
import java.util.List;
import java.util.Optional;

/** {@code dense} (Keras' Dense) on a 1-D input, with Keras' names and defaults; it keeps an embedding's mask. */
public final class DenseCheck {
  private DenseCheck() {}

  public static final List<LayerKind> KEYWORDS = List.of(
      LayerKind.of("dense", DenseSpec.class, List.of("units", "activation", "kernel_initializer", "use_bias", "l2"), 2,
          DenseCheck::dense).masking(LayerKind.KEEPS_MASK));

  private static LayerChecker.Result dense(
      LayerChecker c, Statement.LayerDecl layer, String name, Optional<Shape> input, Arguments args) {
    args.requireAll("units");
    int units = args.integer("units", 0, Range.atLeast(1));
    Activation activation = c.activation("dense", args);
    Initializer init = c.initializer("dense", args);
    boolean useBias = args.bool("use_bias", true);
    double l2 = args.number("l2", 0, Range.atLeast(0));
    Optional<Shape> output = units > 0 ? Optional.of(Shape.of(units)) : Optional.empty();
    if (input.isPresent() && input.get().rank() != 1) {
      args.report(
          Diagnostic.error(
                  Codes.NEEDS_FLAT_INPUT,
                  layer.kind().span(),
                  "dense needs a 1-D input, got " + input.get())
              .withHint(c.sequenceBefore() == null ? "add `flatten` before this layer"
                  : "the " + c.sequenceBefore() + " before returns a state per step (return_sequences): remove "
                      + "`return_sequences = true`, or add `flatten` before this layer"));
    }
    if (input.isEmpty() || output.isEmpty() || args.failed()) {
      return new LayerChecker.Result(Optional.empty(), output);
    }
    if (!c.fits(layer, name, (double) input.get().size() * units, "weights")) {
      return new LayerChecker.Result(Optional.empty(), output);
    }
    return new LayerChecker.Result(
        Optional.of(new DenseSpec(name, input.get(), output.get(), units, activation, init, useBias, l2)),
        output);
  }
}
