package dev.nnet.runtime.kernel;

/**
 * Where a 2-D window (a convolution kernel or a pooling window) visits a [height, width, channels] sample stored
 * channels last. Output pixel (oy, ox) covers input rows oy·strideHeight − padTop + [0, windowHeight) and columns
 * ox·strideWidth − padLeft + [0, windowWidth); positions outside the input are padding (zeros for a convolution,
 * ignored by pooling). Generated code builds one per layer as a constant, with the padding Keras' same or valid
 * padding implies.
 */
public record Window2d(
    int inHeight,
    int inWidth,
    int channels,
    int windowHeight,
    int windowWidth,
    int strideHeight,
    int strideWidth,
    int padTop,
    int padLeft,
    int outHeight,
    int outWidth) {

  public Window2d {
    if (inHeight <= 0 || inWidth <= 0 || channels <= 0 || windowHeight <= 0 || windowWidth <= 0
        || strideHeight <= 0 || strideWidth <= 0 || outHeight <= 0 || outWidth <= 0 || padTop < 0 || padLeft < 0) {
      throw new IllegalArgumentException("not a window: " + this);
    }
  }

  /** Values in one input sample: inHeight · inWidth · channels. */
  public int inSize() {
    return inHeight * inWidth * channels;
  }

  /** Output pixels per sample: outHeight · outWidth. */
  public int outPixels() {
    return outHeight * outWidth;
  }

  /** Values under one window position: windowHeight · windowWidth · channels (one im2col row). */
  public int patchSize() {
    return windowHeight * windowWidth * channels;
  }
}
