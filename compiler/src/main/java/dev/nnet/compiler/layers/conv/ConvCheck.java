package dev.nnet.compiler.layers.conv;

import dev.nnet.compiler.ast.Statement;
import dev.nnet.compiler.check.Arguments;
import dev.nnet.compiler.check.LayerChecker;
import dev.nnet.compiler.check.LayerKind;
import dev.nnet.compiler.check.Range;
import dev.nnet.compiler.layers.Windows;
import dev.nnet.compiler.model.Activation;
import dev.nnet.compiler.model.Initializer;
import dev.nnet.compiler.model.Padding;
import dev.nnet.compiler.model.Shape;
import java.util.List;
import java.util.Optional;

/**
 * {@code conv2d} over images [height, width, channels] and {@code conv1d} over sequences [steps, channels], with
 * Keras' names and defaults (Conv2D, Conv1D); output sizes are {@link Windows}'. Neither supports an embedding's mask
 * (a window would mix padded steps into real ones).
 */
public final class ConvCheck {
  private ConvCheck() {}

  public static final List<LayerKind> KEYWORDS = List.of(
      LayerKind.of("conv2d", Conv2dSpec.class,
          List.of("filters", "kernel_size", "activation", "strides", "padding", "kernel_initializer", "use_bias", "l2"),
          3, ConvCheck::conv2d),
      LayerKind.of("conv1d", Conv1dSpec.class,
          List.of("filters", "kernel_size", "activation", "strides", "padding", "kernel_initializer", "use_bias", "l2"),
          3, ConvCheck::conv1d));

  private static LayerChecker.Result conv2d(
      LayerChecker c, Statement.LayerDecl layer, String name, Optional<Shape> input, Arguments args) {
    args.requireAll("filters", "kernel_size");
    int filters = args.integer("filters", 0, Range.atLeast(1));
    Optional<int[]> kernel = args.has("kernel_size") ? Windows.window("conv2d", "kernel_size", args) : Optional.empty();
    Activation activation = c.activation("conv2d", args);
    int[] strides = args.has("strides") ? Windows.window("conv2d", "strides", args).orElse(null) : new int[] {1, 1};
    Padding padding = c.padding("conv2d", args);
    Initializer init = c.initializer("conv2d", args);
    boolean useBias = args.bool("use_bias", true);
    double l2 = args.number("l2", 0, Range.atLeast(0));
    if (!Windows.imageInput(layer, input, args) || kernel.isEmpty() || strides == null || filters == 0) {
      return LayerChecker.Result.unknown();
    }
    Shape in = input.get();
    Optional<Shape> output =
        Windows.slide2d(c, layer, "kernel", in, kernel.get(), strides, padding, filters, args);
    if (output.isEmpty() || args.failed()) {
      return new LayerChecker.Result(Optional.empty(), output);
    }
    double weights = (double) kernel.get()[0] * kernel.get()[1] * in.dim(2) * filters;
    if (!c.fits(layer, name, weights, "weights")) {
      return new LayerChecker.Result(Optional.empty(), output);
    }
    return new LayerChecker.Result(
        Optional.of(
            new Conv2dSpec(
                name, in, output.get(), filters, kernel.get()[0], kernel.get()[1], strides[0], strides[1], padding,
                activation, init, useBias, l2)),
        output);
  }

  private static LayerChecker.Result conv1d(
      LayerChecker c, Statement.LayerDecl layer, String name, Optional<Shape> input, Arguments args) {
    args.requireAll("filters", "kernel_size");
    int filters = args.integer("filters", 0, Range.atLeast(1));
    int kernel = args.integer("kernel_size", 0, Range.atLeast(1));
    Activation activation = c.activation("conv1d", args);
    int stride = args.integer("strides", 1, Range.atLeast(1));
    Padding padding = c.padding("conv1d", args);
    Initializer init = c.initializer("conv1d", args);
    boolean useBias = args.bool("use_bias", true);
    double l2 = args.number("l2", 0, Range.atLeast(0));
    if (!Windows.sequenceInput(layer, input, args) || filters == 0 || kernel == 0) {
      return LayerChecker.Result.unknown();
    }
    Shape in = input.get();
    Optional<Shape> output = Windows.slide1d(c, layer, "kernel", in, kernel, stride, padding, filters, args);
    if (output.isEmpty() || args.failed()
        || !c.fits(layer, name, (double) kernel * in.dim(1) * filters, "weights")) {
      return new LayerChecker.Result(Optional.empty(), output);
    }
    return new LayerChecker.Result(
        Optional.of(new Conv1dSpec(name, in, output.get(), filters, kernel, stride, padding, activation, init,
            useBias, l2)),
        output);
  }
}
