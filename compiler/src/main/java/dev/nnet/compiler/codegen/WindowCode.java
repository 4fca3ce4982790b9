package dev.nnet.compiler.codegen;

import com.palantir.javapoet.CodeBlock;
import dev.nnet.compiler.model.Padding;
import dev.nnet.compiler.model.Shape;

/**
 * The geometry of a convolution or pooling window over a [height, width, channels] input, with Keras' padding
 * ({@link Padding}'s sizes per axis). Declares the named constants and the
 * {@code Window2d} constant generated code passes to the kernels.
 */
public final class WindowCode {
  public final int inHeight;
  public final int inWidth;
  public final int channels;
  public final int outHeight;
  public final int outWidth;
  public final int kh;
  public final int kw;
  private final int sh;
  private final int sw;
  public final int padTop;
  public final int padLeft;

  public String windowName;

  public WindowCode(String layer, Shape input, int kh, int kw, int sh, int sw, Padding padding) {
    if (input.rank() != 3) {
      throw new IllegalArgumentException(layer + ": expects a [height, width, channels] input, got " + input);
    }
    this.inHeight = input.dim(0);
    this.inWidth = input.dim(1);
    this.channels = input.dim(2);
    this.kh = kh;
    this.kw = kw;
    this.sh = sh;
    this.sw = sw;
    if (padding == Padding.VALID && (kh > inHeight || kw > inWidth)) {
      throw new IllegalArgumentException(layer + ": a " + kh + "x" + kw + " window does not fit in " + input);
    }
    outHeight = padding.outputSize(inHeight, kh, sh);
    outWidth = padding.outputSize(inWidth, kw, sw);
    padTop = padding.padBefore(inHeight, kh, sh);
    padLeft = padding.padBefore(inWidth, kw, sw);
  }

  /** Checks the spec's output against the geometry: the checker and the generator must agree. */
  public void checkOutput(String layer, int outChannels, Shape output) {
    if (!output.equals(Shape.of(outHeight, outWidth, outChannels))) {
      throw new IllegalArgumentException(layer + ": output shape " + output + " does not match the window's "
          + Shape.of(outHeight, outWidth, outChannels));
    }
  }

  /**
   * Declares the {@code Window2d} constant generated code passes to the kernels, documented in one line;
   * {@code windowWord} names the window ({@code kernel} or {@code pool}).
   */
  public void declare(ClassBuilder cls, String layer, String windowWord) {
    windowName = cls.constant(RuntimeTypes.WINDOW_2D, layer, "window",
        CodeBlock.of("new $T($L, $L, $L, $L, $L, $L, $L, $L, $L, $L, $L)", RuntimeTypes.WINDOW_2D,
            inHeight, inWidth, channels, kh, kw, sh, sw, padTop, padLeft, outHeight, outWidth),
        String.format("%s: %d×%d×%d input, %d×%d %s, stride %d×%d, padding top %d left %d, %d×%d output.",
            layer, inHeight, inWidth, channels, kh, kw, windowWord, sh, sw, padTop, padLeft, outHeight, outWidth));
  }

  /** The window's height and width, and the input's channels: the leading dimensions of a convolution kernel. */
  public String kernelShape() {
    return kh + ", " + kw + ", " + channels;
  }
}
