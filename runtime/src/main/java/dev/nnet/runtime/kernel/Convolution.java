package dev.nnet.runtime.kernel;

/**
 * 2-D convolution as one matrix product: {@link #im2col} copies every window position's patch into a row, so that
 * patches [rows·outPixels, patchSize] · kernel [patchSize, filters] gives the output [rows·outPixels, filters],
 * which is exactly the output batch [rows, outHeight·outWidth·filters] stored channels last. The kernel tensor
 * [kh, kw, in, filters] is already that [patchSize, filters] matrix, row-major. {@link #col2im} is the adjoint:
 * it scatters patch gradients back onto the input, summing where windows overlap.
 *
 * <p>Generated code runs that product a few samples at a time (a chunk): the patches of a whole batch are tens of
 * megabytes, while a chunk's patches and product stay in cache. {@link #output} and {@link #outputRelu} move a
 * chunk's product into the layer's output, adding the bias and applying relu on the way; {@link #outputGradient} and
 * {@link #outputGradientRelu} move the output gradient back into the chunk buffer for the backward products,
 * through relu's derivative, summing the bias gradient; {@link #addEquals} adds up the chunks' kernel gradients.
 */
public final class Convolution {
  private Convolution() {}

  /**
   * columns[(n·outPixels + oy·outWidth + ox)·patchSize + (ky·windowWidth + kx)·channels + c] =
   * x[n][oy·sh − padTop + ky][ox·sw − padLeft + kx][c], or 0 where that is padding. Overwrites
   * {@code rows · outPixels · patchSize} values of {@code columns}.
   *
   * <p>One kernel row of a patch, windowWidth·channels values, lies contiguously in the input (channels last), so
   * it is copied as one run ({@code System.arraycopy}: the Fashion convnet's second layer, runs of 96 values, took
   * 1.9 ms a batch of 128 as a loop and 0.5 as copies); only the kernel columns that fall on padding are zeroed
   * around it.
   */
  public static void im2col(float[] x, int rows, Window2d w, float[] columns) {
    im2col(x, 0, rows, w, columns);
  }

  /**
   * The patches of samples {@code first} to {@code first + rows − 1} only, written from {@code columns[0]}: a
   * batch processed a few samples at a time keeps its patches in cache.
   */
  public static void im2col(float[] x, int first, int rows, Window2d w, float[] columns) {
    int c = w.channels();
    int run = w.windowWidth() * c;
    int o = 0;
    for (int n = first; n < first + rows; n++) {
      int sample = n * w.inSize();
      for (int oy = 0; oy < w.outHeight(); oy++) {
        int top = oy * w.strideHeight() - w.padTop();
        for (int ox = 0; ox < w.outWidth(); ox++) {
          int left = ox * w.strideWidth() - w.padLeft();
          int from = Math.max(0, -left) * c; // the run's part inside the input: [from, to)
          int to = Math.min(w.windowWidth(), w.inWidth() - left) * c;
          for (int ky = 0; ky < w.windowHeight(); ky++) {
            int iy = top + ky;
            if (iy < 0 || iy >= w.inHeight() || from >= to) {
              java.util.Arrays.fill(columns, o, o + run, 0f);
            } else {
              int src = sample + (iy * w.inWidth() + left) * c;
              for (int i = 0; i < from; i++) {
                columns[o + i] = 0f;
              }
              System.arraycopy(x, src + from, columns, o + from, to - from);
              for (int i = to; i < run; i++) {
                columns[o + i] = 0f;
              }
            }
            o += run;
          }
        }
      }
    }
  }

  /** As {@link #im2col(float[], int, Window2d, float[])} in float64. */
  public static void im2col(double[] x, int rows, Window2d w, double[] columns) {
    im2col(x, 0, rows, w, columns);
  }

  /**
   * The patches of samples {@code first} to {@code first + rows − 1} only, written from {@code columns[0]}: a
   * batch processed a few samples at a time keeps its patches in cache.
   */
  public static void im2col(double[] x, int first, int rows, Window2d w, double[] columns) {
    int c = w.channels();
    int run = w.windowWidth() * c;
    int o = 0;
    for (int n = first; n < first + rows; n++) {
      int sample = n * w.inSize();
      for (int oy = 0; oy < w.outHeight(); oy++) {
        int top = oy * w.strideHeight() - w.padTop();
        for (int ox = 0; ox < w.outWidth(); ox++) {
          int left = ox * w.strideWidth() - w.padLeft();
          int from = Math.max(0, -left) * c;
          int to = Math.min(w.windowWidth(), w.inWidth() - left) * c;
          for (int ky = 0; ky < w.windowHeight(); ky++) {
            int iy = top + ky;
            if (iy < 0 || iy >= w.inHeight() || from >= to) {
              java.util.Arrays.fill(columns, o, o + run, 0.0);
            } else {
              int src = sample + (iy * w.inWidth() + left) * c;
              for (int i = 0; i < from; i++) {
                columns[o + i] = 0.0;
              }
              System.arraycopy(x, src + from, columns, o + from, to - from);
              for (int i = to; i < run; i++) {
                columns[o + i] = 0.0;
              }
            }
            o += run;
          }
        }
      }
    }
  }

  /**
   * The adjoint of im2col: dx = 0, then each patch value of {@code columns} is added to the input position it
   * was copied from (padding positions are dropped). Overwrites {@code rows · inSize} values of {@code dx}.
   */
  public static void col2im(float[] columns, int rows, Window2d w, float[] dx) {
    col2im(columns, 0, rows, w, dx);
  }

  /**
   * The adjoint of {@link #im2col(float[], int, int, Window2d, float[])}: overwrites the gradients of samples
   * {@code first} to {@code first + rows − 1} in {@code dx} with the patch gradients read from {@code columns[0]}.
   * The additions run on the Vector API when it is there ({@link VectorConvolutionGradients#col2imAdd}, the same
   * bits).
   */
  public static void col2im(float[] columns, int first, int rows, Window2d w, float[] dx) {
    java.util.Arrays.fill(dx, first * w.inSize(), (first + rows) * w.inSize(), 0f);
    if (Vectorized.worth((long) rows * w.outPixels() * w.patchSize())) {
      VectorConvolutionGradients.col2imAdd(columns, first, rows, w, dx);
      return;
    }
    int c = w.channels();
    int run = w.windowWidth() * c;
    int o = 0;
    for (int n = first; n < first + rows; n++) {
      int sample = n * w.inSize();
      for (int oy = 0; oy < w.outHeight(); oy++) {
        int top = oy * w.strideHeight() - w.padTop();
        for (int ox = 0; ox < w.outWidth(); ox++) {
          int left = ox * w.strideWidth() - w.padLeft();
          int from = Math.max(0, -left) * c;
          int to = Math.min(w.windowWidth(), w.inWidth() - left) * c;
          for (int ky = 0; ky < w.windowHeight(); ky++) {
            int iy = top + ky;
            if (iy >= 0 && iy < w.inHeight()) {
              int dst = sample + (iy * w.inWidth() + left) * c;
              for (int i = from; i < to; i++) {
                dx[dst + i] += columns[o + i];
              }
            }
            o += run;
          }
        }
      }
    }
  }

  /** As {@link #col2im(float[], int, Window2d, float[])} in float64. */
  public static void col2im(double[] columns, int rows, Window2d w, double[] dx) {
    col2im(columns, 0, rows, w, dx);
  }

  /**
   * The adjoint of {@link #im2col(double[], int, int, Window2d, double[])}: overwrites the gradients of samples
   * {@code first} to {@code first + rows − 1} in {@code dx} with the patch gradients read from {@code columns[0]}.
   */
  public static void col2im(double[] columns, int first, int rows, Window2d w, double[] dx) {
    int c = w.channels();
    int run = w.windowWidth() * c;
    java.util.Arrays.fill(dx, first * w.inSize(), (first + rows) * w.inSize(), 0.0);
    int o = 0;
    for (int n = first; n < first + rows; n++) {
      int sample = n * w.inSize();
      for (int oy = 0; oy < w.outHeight(); oy++) {
        int top = oy * w.strideHeight() - w.padTop();
        for (int ox = 0; ox < w.outWidth(); ox++) {
          int left = ox * w.strideWidth() - w.padLeft();
          int from = Math.max(0, -left) * c;
          int to = Math.min(w.windowWidth(), w.inWidth() - left) * c;
          for (int ky = 0; ky < w.windowHeight(); ky++) {
            int iy = top + ky;
            if (iy >= 0 && iy < w.inHeight()) {
              int dst = sample + (iy * w.inWidth() + left) * c;
              for (int i = from; i < to; i++) {
                dx[dst + i] += columns[o + i];
              }
            }
            o += run;
          }
        }
      }
    }
  }

  /**
   * y[offset + p·filters + j] = product[p·filters + j] + b[j] for p < pixels: one chunk of output pixels with the
   * bias added ({@code b} null: none). Modifies {@code y} only.
   */
  public static void output(float[] product, int pixels, int filters, float[] b, float[] y, int offset) {
    if (b == null) {
      System.arraycopy(product, 0, y, offset, pixels * filters);
      return;
    }
    for (int p = 0, o = 0; p < pixels; p++, o += filters) {
      for (int j = 0; j < filters; j++) {
        y[offset + o + j] = product[o + j] + b[j];
      }
    }
  }

  /** As {@link #output(float[], int, int, float[], float[], int)} in float64. */
  public static void output(double[] product, int pixels, int filters, double[] b, double[] y, int offset) {
    if (b == null) {
      System.arraycopy(product, 0, y, offset, pixels * filters);
      return;
    }
    for (int p = 0, o = 0; p < pixels; p++, o += filters) {
      for (int j = 0; j < filters; j++) {
        y[offset + o + j] = product[o + j] + b[j];
      }
    }
  }

  /**
   * y = relu(product + b) = max(product + b, 0) for one chunk, as {@link #output(float[], int, int, float[], float[],
   * int)} followed by relu, in one pass. Written with {@code Math.max}, whose Vector API form runs a vector of
   * filters at a time: −0 becomes +0 as in {@link Activations#relu}, but a NaN stays NaN, which the trainer's check
   * of the loss then reports.
   */
  public static void outputRelu(float[] product, int pixels, int filters, float[] b, float[] y, int offset) {
    if (Vectorized.worth((long) pixels * filters)) {
      VectorPasses.outputRelu(product, pixels, filters, b, y, offset);
      return;
    }
    if (b == null) {
      for (int i = 0; i < pixels * filters; i++) {
        y[offset + i] = Math.max(product[i], 0f);
      }
      return;
    }
    for (int p = 0, o = 0; p < pixels; p++, o += filters) {
      int d = offset + o;
      for (int j = 0; j < filters; j++) {
        y[d + j] = Math.max(product[o + j] + b[j], 0f);
      }
    }
  }

  /** As {@link #outputRelu(float[], int, int, float[], float[], int)} in float64. */
  public static void outputRelu(double[] product, int pixels, int filters, double[] b, double[] y, int offset) {
    if (b == null) {
      for (int i = 0; i < pixels * filters; i++) {
        y[offset + i] = Math.max(product[i], 0.0);
      }
      return;
    }
    for (int p = 0, o = 0; p < pixels; p++, o += filters) {
      int d = offset + o;
      for (int j = 0; j < filters; j++) {
        y[d + j] = Math.max(product[o + j] + b[j], 0.0);
      }
    }
  }

  /**
   * One chunk of the output gradient, for the products of the backward pass: dz[i] = dy[offset + i] for
   * i < pixels·filters, and db[j] += Σₚ dz[p·filters + j] unless {@code db} is null. Modifies {@code dz} and
   * {@code db}.
   */
  public static void outputGradient(float[] dy, int offset, int pixels, int filters, float[] dz, float[] db) {
    System.arraycopy(dy, offset, dz, 0, pixels * filters);
    if (db != null) {
      Bias.accumulate(dz, pixels, filters, db);
    }
  }

  /** As {@link #outputGradient(float[], int, int, int, float[], float[])} in float64. */
  public static void outputGradient(double[] dy, int offset, int pixels, int filters, double[] dz, double[] db) {
    System.arraycopy(dy, offset, dz, 0, pixels * filters);
    if (db != null) {
      Bias.accumulate(dz, pixels, filters, db);
    }
  }

  /**
   * As {@link #outputGradient(float[], int, int, int, float[], float[])} through relu: dz = dy where y > 0, else 0.
   * relu's output y is +0 or positive, and y·2¹⁰⁰·2¹⁰⁰ is at least 2⁵¹ for the smallest positive float, so
   * min(y·2¹⁰⁰·2¹⁰⁰, 1) is exactly relu's derivative [y > 0], computed without a branch (which would mispredict on
   * about half the values); the Vector API runs it a vector at a time ({@code Math.min} on floats stays scalar in
   * Java 17's loops). dy·0 is −0 for a negative dy.
   */
  public static void outputGradientRelu(
      float[] dy, float[] y, int offset, int pixels, int filters, float[] dz, float[] db) {
    if (Vectorized.worth((long) pixels * filters)) {
      VectorPasses.reluGradient(dy, y, offset, pixels * filters, dz);
    } else {
      for (int i = 0; i < pixels * filters; i++) {
        dz[i] = dy[offset + i] * Math.min(y[offset + i] * 0x1p100f * 0x1p100f, 1f);
      }
    }
    if (db != null) {
      Bias.accumulate(dz, pixels, filters, db);
    }
  }

  /**
   * As {@link #outputGradientRelu(float[], float[], int, int, int, float[], float[])} in float64, where 2⁶⁰⁰·2⁶⁰⁰
   * lifts the smallest positive double (2⁻¹⁰⁷⁴) above 1.
   */
  public static void outputGradientRelu(
      double[] dy, double[] y, int offset, int pixels, int filters, double[] dz, double[] db) {
    for (int i = 0; i < pixels * filters; i++) {
      dz[i] = dy[offset + i] * Math.min(y[offset + i] * 0x1p600 * 0x1p600, 1.0);
    }
    if (db != null) {
      Bias.accumulate(dz, pixels, filters, db);
    }
  }

  /** sum[i] += part[i] for i < n: one chunk's kernel gradient added to the batch's. Modifies {@code sum}. */
  public static void addEquals(float[] sum, float[] part, int n) {
    for (int i = 0; i < n; i++) {
      sum[i] += part[i];
    }
  }

  /** As {@link #addEquals(float[], float[], int)} in float64. */
  public static void addEquals(double[] sum, double[] part, int n) {
    for (int i = 0; i < n; i++) {
      sum[i] += part[i];
    }
  }
}
