package dev.nnet.compiler.check;

import dev.nnet.compiler.ast.Statement;
import dev.nnet.compiler.diag.Codes;
import dev.nnet.compiler.diag.Diagnostic;
import dev.nnet.compiler.model.Activation;
import dev.nnet.compiler.model.ActivationLayerSpec;
import dev.nnet.compiler.model.BatchNormSpec;
import dev.nnet.compiler.model.DenseSpec;
import dev.nnet.compiler.model.DropoutSpec;
import dev.nnet.compiler.model.FlattenSpec;
import dev.nnet.compiler.model.Initializer;
import dev.nnet.compiler.model.LayerNormSpec;
import dev.nnet.compiler.model.Shape;
import java.util.Optional;

/**
 * The layers that take any shape or a flat vector, with Keras' names and defaults: {@code dense} (Dense, on a 1-D
 * input), {@code dropout}, {@code flatten}, {@code activation}, {@code batchnorm} (BatchNormalization) and
 * {@code layernorm} (LayerNormalization), the last four keeping their input's shape.
 */
final class CoreLayers {
  private CoreLayers() {}

  static LayerChecker.Result dense(
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

  static LayerChecker.Result dropout(String name, Optional<Shape> input, Arguments args) {
    args.requireAll("rate");
    double rate = args.number("rate", 0, Range.UNIT);
    if (input.isEmpty() || args.failed()) {
      return new LayerChecker.Result(Optional.empty(), input);
    }
    return new LayerChecker.Result(Optional.of(new DropoutSpec(name, input.get(), input.get(), rate)), input);
  }

  static LayerChecker.Result flatten(
      LayerChecker c, Statement.LayerDecl layer, String name, Optional<Shape> input, Arguments args) {
    if (input.isEmpty()) {
      return LayerChecker.Result.unknown();
    }
    Shape output = Shape.of(input.get().size());
    if (input.get().rank() == 1) {
      c.diagnostics().add(
          Diagnostic.warning(Codes.USELESS_LAYER, layer.kind().span(), "flatten does nothing: its input " + input.get() + " is already 1-D")
              .withHint("remove this layer"));
    }
    return args.failed()
        ? new LayerChecker.Result(Optional.empty(), Optional.of(output))
        : new LayerChecker.Result(Optional.of(new FlattenSpec(name, input.get(), output)), Optional.of(output));
  }

  static LayerChecker.Result activation(LayerChecker c, String name, Optional<Shape> input, Arguments args) {
    args.requireAll("activation");
    Optional<Activation> activation =
        args.value("activation").flatMap(v -> Names.activation("activation", v, c.diagnostics()));
    if (input.isEmpty() || activation.isEmpty() || args.failed()) {
      return new LayerChecker.Result(Optional.empty(), input);
    }
    return new LayerChecker.Result(
        Optional.of(new ActivationLayerSpec(name, input.get(), input.get(), activation.get())), input);
  }

  static LayerChecker.Result batchNorm(String name, Optional<Shape> input, Arguments args) {
    double momentum = args.number("momentum", 0.99, Range.UNIT);
    double epsilon = args.number("epsilon", 0.001, Range.above(0));
    if (input.isEmpty() || args.failed()) {
      return new LayerChecker.Result(Optional.empty(), input);
    }
    return new LayerChecker.Result(
        Optional.of(new BatchNormSpec(name, input.get(), input.get(), momentum, epsilon)), input);
  }

  static LayerChecker.Result layerNorm(String name, Optional<Shape> input, Arguments args) {
    double epsilon = args.number("epsilon", 0.001, Range.above(0));
    if (input.isEmpty() || args.failed()) {
      return new LayerChecker.Result(Optional.empty(), input);
    }
    return new LayerChecker.Result(Optional.of(new LayerNormSpec(name, input.get(), input.get(), epsilon)), input);
  }
}
