package dev.nnet.compiler.layers.pool;

import dev.nnet.compiler.ast.Statement;
import dev.nnet.compiler.check.Arguments;
import dev.nnet.compiler.check.LayerChecker;
import dev.nnet.compiler.check.LayerKind;
import dev.nnet.compiler.check.Range;
import dev.nnet.compiler.layers.Windows;
import dev.nnet.compiler.model.Padding;
import dev.nnet.compiler.model.PoolKind;
import dev.nnet.compiler.model.Shape;
import java.util.List;
import java.util.Optional;

/**
 * The window poolings, with Keras' names and defaults: {@code maxpool2d} and {@code avgpool2d} over images
 * (MaxPooling2D, AveragePooling2D), {@code maxpool1d} and {@code avgpool1d} over sequences; the window defaults to 2
 * (2x2) and the strides to the window. Output sizes are {@link Windows}'. None supports an embedding's mask.
 */
public final class PoolCheck {
  private PoolCheck() {}

  public static final List<LayerKind> KEYWORDS = List.of(
      LayerKind.of("maxpool2d", Pool2dSpec.class, List.of("pool_size", "strides", "padding"), 1,
          (c, l, n, in, a) -> pool(c, l, n, in, a, PoolKind.MAX)),
      LayerKind.of("avgpool2d", Pool2dSpec.class, List.of("pool_size", "strides", "padding"), 1,
          (c, l, n, in, a) -> pool(c, l, n, in, a, PoolKind.AVERAGE)),
      LayerKind.of("maxpool1d", Pool1dSpec.class, List.of("pool_size", "strides", "padding"), 1,
          (c, l, n, in, a) -> pool1d(c, l, n, in, a, PoolKind.MAX)),
      LayerKind.of("avgpool1d", Pool1dSpec.class, List.of("pool_size", "strides", "padding"), 1,
          (c, l, n, in, a) -> pool1d(c, l, n, in, a, PoolKind.AVERAGE)));

  private static LayerChecker.Result pool(
      LayerChecker c, Statement.LayerDecl layer, String name, Optional<Shape> input, Arguments args, PoolKind kind) {
    String kindName = layer.kind().text();
    int[] size = args.has("pool_size") ? Windows.window(kindName, "pool_size", args).orElse(null) : new int[] {2, 2};
    int[] strides = args.has("strides") ? Windows.window(kindName, "strides", args).orElse(null) : size;
    Padding padding = c.padding(kindName, args);
    if (!Windows.imageInput(layer, input, args) || size == null || strides == null) {
      return LayerChecker.Result.unknown();
    }
    Shape in = input.get();
    Optional<Shape> output = Windows.slide2d(c, layer, "pool", in, size, strides, padding, in.dim(2), args);
    if (output.isEmpty() || args.failed()) {
      return new LayerChecker.Result(Optional.empty(), output);
    }
    return new LayerChecker.Result(
        Optional.of(
            new Pool2dSpec(name, in, output.get(), kind, size[0], size[1], strides[0], strides[1], padding)),
        output);
  }

  private static LayerChecker.Result pool1d(
      LayerChecker c, Statement.LayerDecl layer, String name, Optional<Shape> input, Arguments args,
      PoolKind kind) {
    String kindName = layer.kind().text();
    int size = args.integer("pool_size", 2, Range.atLeast(1));
    int stride = args.integer("strides", size, Range.atLeast(1));
    Padding padding = c.padding(kindName, args);
    if (!Windows.sequenceInput(layer, input, args)) {
      return LayerChecker.Result.unknown();
    }
    Shape in = input.get();
    Optional<Shape> output = Windows.slide1d(c, layer, "pool", in, size, stride, padding, in.dim(1), args);
    if (output.isEmpty() || args.failed()) {
      return new LayerChecker.Result(Optional.empty(), output);
    }
    return new LayerChecker.Result(
        Optional.of(new Pool1dSpec(name, in, output.get(), kind, size, stride, padding)), output);
  }
}
