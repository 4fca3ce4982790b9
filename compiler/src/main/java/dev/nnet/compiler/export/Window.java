package dev.nnet.compiler.export;

import dev.nnet.compiler.model.Padding;
import dev.nnet.compiler.model.Shape;

/**
 * Where a convolution kernel or pooling window visits a [height, width, channels] input, with Keras' padding
 * ({@link Padding}'s sizes per axis). Output pixel (oy, ox) covers input rows
 * oy·s − padTop + [0, k). Declares its named constants in the exported class.
 */
public final class Window {
  public final String inHeight;
  public final String inWidth;
  public final String channels;
  public final String height;
  public final String width;
  public final String strideHeight;
  public final String strideWidth;
  public final String padTop;
  public final String padLeft;
  public final String outHeight;
  public final String outWidth;
  public final int outHeightValue;
  public final int outWidthValue;

  /**
   * @param word what the window is, for its constants: {@code kernel} or {@code pool}
   */
  public Window(
      ExportClass cls, String layer, Shape input, String word, int kh, int kw, int sh, int sw, Padding padding) {
    if (input.rank() != 3) {
      throw new IllegalArgumentException(layer + ": expects a [height, width, channels] input, got " + input);
    }
    int h = input.dim(0);
    int w = input.dim(1);
    if (padding == Padding.VALID && (kh > h || kw > w)) {
      throw new IllegalArgumentException(layer + ": a " + kh + "x" + kw + " window does not fit in " + input);
    }
    int oh = padding.outputSize(h, kh, sh);
    int ow = padding.outputSize(w, kw, sw);
    int pt = padding.padBefore(h, kh, sh);
    int pl = padding.padBefore(w, kw, sw);
    outHeightValue = oh;
    outWidthValue = ow;
    inHeight = cls.intConstant(layer, "inHeight", h, layer + ": input height.");
    inWidth = cls.intConstant(layer, "inWidth", w, layer + ": input width.");
    channels = cls.intConstant(layer, "inChannels", input.dim(2), layer + ": input channels.");
    height = cls.intConstant(layer, word + "Height", kh, layer + ": " + word + " height.");
    width = cls.intConstant(layer, word + "Width", kw, layer + ": " + word + " width.");
    strideHeight = cls.intConstant(layer, "strideHeight", sh, layer + ": vertical stride.");
    strideWidth = cls.intConstant(layer, "strideWidth", sw, layer + ": horizontal stride.");
    String kind = padding.name().toLowerCase(java.util.Locale.ROOT);
    padTop = cls.intConstant(layer, "padTop", pt, layer + ": padding rows above the input (" + kind + " padding).");
    padLeft = cls.intConstant(layer, "padLeft", pl, layer + ": padding columns left of the input.");
    outHeight = cls.intConstant(layer, "outHeight", oh, layer + ": output height.");
    outWidth = cls.intConstant(layer, "outWidth", ow, layer + ": output width.");
  }

  /** Checks the model's output shape against the geometry: the checker and the exporter must agree. */
  public void check(String layer, int outChannels, Shape output) {
    if (!output.equals(Shape.of(outHeightValue, outWidthValue, outChannels))) {
      throw new IllegalArgumentException(layer + ": output shape " + output + " does not match the window's "
          + Shape.of(outHeightValue, outWidthValue, outChannels));
    }
  }
}
