package dev.nnet.compiler.check;

import dev.nnet.compiler.ast.Statement;
import dev.nnet.compiler.ast.Value;
import dev.nnet.compiler.diag.Codes;
import dev.nnet.compiler.diag.Diagnostic;
import dev.nnet.compiler.model.Activation;
import dev.nnet.compiler.model.Conv2dSpec;
import dev.nnet.compiler.model.GlobalPoolSpec;
import dev.nnet.compiler.model.Initializer;
import dev.nnet.compiler.model.Padding;
import dev.nnet.compiler.model.Pool2dSpec;
import dev.nnet.compiler.model.PoolKind;
import dev.nnet.compiler.model.Shape;
import java.util.Optional;

/**
 * Convolution and pooling over images [height, width, channels], with Keras' names and defaults (Conv2D,
 * MaxPooling2D, AveragePooling2D, GlobalMaxPooling2D, GlobalAveragePooling2D). Output sizes follow Keras: valid
 * padding gives {@code floor((in - k) / s) + 1}, same padding {@code ceil(in / s)}. {@link SequenceLayers} has
 * their 1-D twins.
 */
final class ImageLayers {
  private ImageLayers() {}

  static LayerChecker.Result conv2d(
      LayerChecker c, Statement.LayerDecl layer, String name, Optional<Shape> input, Arguments args) {
    args.requireAll("filters", "kernel_size");
    int filters = args.integer("filters", 0, Range.atLeast(1));
    Optional<int[]> kernel = args.has("kernel_size") ? window("conv2d", "kernel_size", args) : Optional.empty();
    Activation activation = c.activation("conv2d", args);
    int[] strides = args.has("strides") ? window("conv2d", "strides", args).orElse(null) : new int[] {1, 1};
    Padding padding = c.padding("conv2d", args);
    Initializer init = c.initializer("conv2d", args);
    boolean useBias = args.bool("use_bias", true);
    double l2 = args.number("l2", 0, Range.atLeast(0));
    if (!imageInput(layer, input, args) || kernel.isEmpty() || strides == null || filters == 0) {
      return LayerChecker.Result.unknown();
    }
    Shape in = input.get();
    Optional<Shape> output =
        slide(c, layer, "kernel", in, kernel.get(), strides, padding, filters, args);
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

  static LayerChecker.Result pool(
      LayerChecker c, Statement.LayerDecl layer, String name, Optional<Shape> input, Arguments args, PoolKind kind) {
    String kindName = layer.kind().text();
    int[] size = args.has("pool_size") ? window(kindName, "pool_size", args).orElse(null) : new int[] {2, 2};
    int[] strides = args.has("strides") ? window(kindName, "strides", args).orElse(null) : size;
    Padding padding = c.padding(kindName, args);
    if (!imageInput(layer, input, args) || size == null || strides == null) {
      return LayerChecker.Result.unknown();
    }
    Shape in = input.get();
    Optional<Shape> output = slide(c, layer, "pool", in, size, strides, padding, in.dim(2), args);
    if (output.isEmpty() || args.failed()) {
      return new LayerChecker.Result(Optional.empty(), output);
    }
    return new LayerChecker.Result(
        Optional.of(
            new Pool2dSpec(name, in, output.get(), kind, size[0], size[1], strides[0], strides[1], padding)),
        output);
  }

  static LayerChecker.Result globalPool(
      LayerChecker c, Statement.LayerDecl layer, String name, Optional<Shape> input, Arguments args, PoolKind kind) {
    if (!imageInput(layer, input, args)) {
      return LayerChecker.Result.unknown();
    }
    Shape output = Shape.of(input.get().dim(2));
    return args.failed()
        ? new LayerChecker.Result(Optional.empty(), Optional.of(output))
        : new LayerChecker.Result(
            Optional.of(new GlobalPoolSpec(name, input.get(), output, kind, false)), Optional.of(output));
  }

  /** Whether the input is known and is [height, width, channels]; reports when it is known and is not. */
  private static boolean imageInput(Statement.LayerDecl layer, Optional<Shape> input, Arguments args) {
    if (input.isEmpty()) {
      return false;
    }
    if (input.get().rank() == 3) {
      return true;
    }
    String kind = layer.kind().text();
    Diagnostic e =
        Diagnostic.error(
            Codes.NEEDS_IMAGE_INPUT,
            layer.kind().span(),
            kind + " needs a [height, width, channels] input, got " + input.get());
    args.report(
        input.get().rank() == 2
            ? e.withHint(
                "give the input a channel axis: `input [" + input.get().dim(0) + ", " + input.get().dim(1) + ", 1]`, "
                    + "or use `" + kind.replace("2d", "1d") + "` to read it as " + input.get().dim(0) + " steps of "
                    + input.get().dim(1) + " features")
            : e.withHint("2-D layers work on images: declare `input [height, width, channels]` and put them before `flatten`"));
    return false;
  }

  /**
   * The output of sliding a window over [h, w, c]: {@code channels} out, Keras' sizes for valid and same padding.
   * Reports a window larger than a valid-padded input.
   */
  private static Optional<Shape> slide(
      LayerChecker c, Statement.LayerDecl layer, String what, Shape in, int[] window, int[] strides, Padding padding,
      int channels, Arguments args) {
    long[] out = new long[2];
    for (int axis = 0; axis < 2; axis++) {
      long size = in.dim(axis);
      if (padding == Padding.SAME) {
        out[axis] = (size + strides[axis] - 1) / strides[axis];
      } else if (window[axis] > size) {
        args.report(
            Diagnostic.error(
                    Codes.WINDOW_TOO_LARGE,
                    layer.kind().span(),
                    what + " " + window[0] + "x" + window[1] + " is larger than its input " + in.dim(0) + "x"
                        + in.dim(1))
                .withHint("use a smaller " + what + ", `padding = same`, or remove this layer"));
        return Optional.empty();
      } else {
        out[axis] = (size - window[axis]) / strides[axis] + 1;
      }
    }
    if (!c.fits(layer, layer.kind().text(), (double) out[0] * out[1] * channels, "output values")) {
      return Optional.empty();
    }
    return Optional.of(Shape.of((int) out[0], (int) out[1], channels));
  }

  /** A window or stride: {@code 3}, {@code 3x3} or {@code [3, 3]}; empty after reporting. */
  private static Optional<int[]> window(String owner, String name, Arguments args) {
    Value v = args.value(name).orElseThrow();
    if (v instanceof Value.Size s) {
      if (s.height() == -1 || s.width() == -1) {
        args.report(
            Diagnostic.error(
                Codes.OUT_OF_RANGE, v.span(), owner + " " + name + " is too large, got " + Values.text(v)));
        return Optional.empty();
      }
      if (s.height() < 1 || s.width() < 1) {
        args.outOfRange(name, v, Range.atLeast(1));
        return Optional.empty();
      }
      return Optional.of(new int[] {s.height(), s.width()});
    }
    if (v instanceof Value.NumberLiteral n && n.integral()) {
      return args.integerValue(name, v, Range.atLeast(1)).map(k -> new int[] {k, k});
    }
    if (v instanceof Value.ListValue l && l.items().size() == 2) {
      Optional<Integer> h = args.integerValue(name, l.items().get(0), Range.atLeast(1));
      Optional<Integer> w = args.integerValue(name, l.items().get(1), Range.atLeast(1));
      return h.isPresent() && w.isPresent() ? Optional.of(new int[] {h.get(), w.get()}) : Optional.empty();
    }
    args.wrongType(name, v, "a size such as 3, 3x3 or [3, 3]");
    return Optional.empty();
  }
}
