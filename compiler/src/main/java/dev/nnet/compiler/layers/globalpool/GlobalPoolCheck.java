package dev.nnet.compiler.layers.globalpool;

import dev.nnet.compiler.ast.Statement;
import dev.nnet.compiler.check.Arguments;
import dev.nnet.compiler.check.LayerChecker;
import dev.nnet.compiler.check.LayerKind;
import dev.nnet.compiler.layers.Windows;
import dev.nnet.compiler.model.PoolKind;
import dev.nnet.compiler.model.Shape;
import java.util.List;
import java.util.Optional;

/**
 * The global poolings, with Keras' names: {@code global_avgpool2d} and {@code global_maxpool2d} over images
 * (GlobalAveragePooling2D, GlobalMaxPooling2D), {@code global_maxpool1d} and {@code global_avgpool1d} over
 * sequences. Over a sequence they leave an embedding's padded steps out, and drop the mask (no steps are left).
 */
public final class GlobalPoolCheck {
  private GlobalPoolCheck() {}

  public static final List<LayerKind> KEYWORDS = List.of(
      LayerKind.of("global_avgpool2d", GlobalPoolSpec.class, List.of(), 0,
          (c, l, n, in, a) -> globalPool2d(c, l, n, in, a, PoolKind.AVERAGE)),
      LayerKind.of("global_maxpool2d", GlobalPoolSpec.class, List.of(), 0,
          (c, l, n, in, a) -> globalPool2d(c, l, n, in, a, PoolKind.MAX)),
      LayerKind.of("global_maxpool1d", GlobalPoolSpec.class, List.of(), 0,
          (c, l, n, in, a) -> globalPool1d(c, l, n, in, a, PoolKind.MAX)).masking(LayerKind.DROPS_MASK),
      LayerKind.of("global_avgpool1d", GlobalPoolSpec.class, List.of(), 0,
          (c, l, n, in, a) -> globalPool1d(c, l, n, in, a, PoolKind.AVERAGE)).masking(LayerKind.DROPS_MASK));

  private static LayerChecker.Result globalPool2d(
      LayerChecker c, Statement.LayerDecl layer, String name, Optional<Shape> input, Arguments args, PoolKind kind) {
    if (!Windows.imageInput(layer, input, args)) {
      return LayerChecker.Result.unknown();
    }
    Shape output = Shape.of(input.get().dim(2));
    return args.failed()
        ? new LayerChecker.Result(Optional.empty(), Optional.of(output))
        : new LayerChecker.Result(
            Optional.of(new GlobalPoolSpec(name, input.get(), output, kind, false)), Optional.of(output));
  }

  private static LayerChecker.Result globalPool1d(
      LayerChecker c, Statement.LayerDecl layer, String name, Optional<Shape> input, Arguments args,
      PoolKind kind) {
    if (!Windows.sequenceInput(layer, input, args)) {
      return LayerChecker.Result.unknown();
    }
    Shape output = Shape.of(input.get().dim(1));
    return args.failed()
        ? new LayerChecker.Result(Optional.empty(), Optional.of(output))
        : new LayerChecker.Result(
            Optional.of(new GlobalPoolSpec(name, input.get(), output, kind, c.inputMasked())),
            Optional.of(output));
  }
}
