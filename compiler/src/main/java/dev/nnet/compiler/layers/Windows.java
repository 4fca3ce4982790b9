package dev.nnet.compiler.layers;

import dev.nnet.compiler.ast.Statement;
import dev.nnet.compiler.ast.Value;
import dev.nnet.compiler.check.Arguments;
import dev.nnet.compiler.check.LayerChecker;
import dev.nnet.compiler.check.Range;
import dev.nnet.compiler.check.Values;
import dev.nnet.compiler.diag.Codes;
import dev.nnet.compiler.diag.Diagnostic;
import dev.nnet.compiler.model.Padding;
import dev.nnet.compiler.model.Shape;
import java.util.Optional;

/**
 * The input and output checks of the layers that slide a window or pool over an image [height, width, channels]
 * (conv2d, the 2-D poolings) or a sequence [steps, channels] (conv1d, the 1-D poolings), with Keras' sizes: valid
 * padding gives {@code floor((in - k) / s) + 1}, same padding {@code ceil(in / s)}, causal (1-D) as same.
 */
public final class Windows {
  private Windows() {}

  /** Whether the input is known and is [height, width, channels]; reports when it is known and is not. */
  public static boolean imageInput(Statement.LayerDecl layer, Optional<Shape> input, Arguments args) {
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
            : e.withHint("2-D layers work on images: declare `input [height, width, channels]` and put them before "
                + "`flatten`"));
    return false;
  }

  /**
   * The output of sliding a window over [h, w, c]: {@code channels} out, Keras' sizes for valid and same padding.
   * Reports a window larger than a valid-padded input.
   */
  public static Optional<Shape> slide2d(
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
  public static Optional<int[]> window(String owner, String name, Arguments args) {
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

  /** Whether the input is known and is [steps, channels]; reports when it is known and is not. */
  public static boolean sequenceInput(Statement.LayerDecl layer, Optional<Shape> input, Arguments args) {
    if (input.isEmpty()) {
      return false;
    }
    if (input.get().rank() == 2) {
      return true;
    }
    String kind = layer.kind().text();
    Diagnostic e = Diagnostic.error(Codes.NEEDS_SEQUENCE_INPUT, layer.kind().span(),
        kind + " needs a [steps, channels] input, got " + input.get());
    args.report(input.get().rank() == 3
        ? e.withHint("this input is an image: use `" + kind.replace("1d", "2d") + "`")
        : e.withHint("1-D layers work on sequences: declare `input [steps, channels]` (or an embedding) and put them "
            + "before `flatten`"));
    return false;
  }

  /**
   * The output of sliding a window over [steps, c]: {@code channels} out. Reports a window longer than a
   * valid-padded input.
   */
  public static Optional<Shape> slide1d(
      LayerChecker c, Statement.LayerDecl layer, String what, Shape in, int window, int stride, Padding padding,
      int channels, Arguments args) {
    int steps = in.dim(0);
    if (padding == Padding.VALID && window > steps) {
      args.report(Diagnostic.error(Codes.WINDOW_TOO_LARGE, layer.kind().span(),
              what + " " + window + " is longer than its input's " + steps + " steps")
          .withHint("use a smaller " + what + ", `padding = same`, or remove this layer"));
      return Optional.empty();
    }
    int out = padding.outputSize(steps, window, stride);
    if (!c.fits(layer, layer.kind().text(), (double) out * channels, "output values")) {
      return Optional.empty();
    }
    return Optional.of(Shape.of(out, channels));
  }
}
