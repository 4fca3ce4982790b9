package dev.nnet.compiler.export;

import dev.nnet.compiler.model.Padding;
import dev.nnet.compiler.model.Shape;

/**
 * Where a convolution kernel or pooling window visits a [height, width, channels] input, with Keras' padding:
 * valid means out = ⌊(in − k)/s⌋ + 1 and no padding; same means out = ⌈in/s⌉ with max((out − 1)·s + k − in, 0)
 * padding split evenly, the odd one at the bottom and right. Output pixel (oy, ox) covers input rows
 * oy·s − padTop + [0, k). Declares its named constants in the exported class.
 */
final class Window {
  final String inHeight;
  final String inWidth;
  final String channels;
  final String height;
  final String width;
  final String strideHeight;
  final String strideWidth;
  final String padTop;
  final String padLeft;
  final String outHeight;
  final String outWidth;
  final int outHeightValue;
  final int outWidthValue;

  /**
   * @param word what the window is, for its constants: {@code kernel} or {@code pool}
   */
  Window(ExportClass cls, String layer, Shape input, String word, int kh, int kw, int sh, int sw, Padding padding) {
    if (input.rank() != 3) {
      throw new IllegalArgumentException(layer + ": expects a [height, width, channels] input, got " + input);
    }
    int h = input.dim(0);
    int w = input.dim(1);
    int oh;
    int ow;
    int pt = 0;
    int pl = 0;
    if (padding == Padding.SAME) {
      oh = (h + sh - 1) / sh;
      ow = (w + sw - 1) / sw;
      pt = Math.max((oh - 1) * sh + kh - h, 0) / 2;
      pl = Math.max((ow - 1) * sw + kw - w, 0) / 2;
    } else {
      if (kh > h || kw > w) {
        throw new IllegalArgumentException(layer + ": a " + kh + "x" + kw + " window does not fit in " + input);
      }
      oh = (h - kh) / sh + 1;
      ow = (w - kw) / sw + 1;
    }
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
  void check(String layer, int outChannels, Shape output) {
    if (!output.equals(Shape.of(outHeightValue, outWidthValue, outChannels))) {
      throw new IllegalArgumentException(layer + ": output shape " + output + " does not match the window's "
          + Shape.of(outHeightValue, outWidthValue, outChannels));
    }
  }
}
