package dev.nnet.runtime.layer;

import dev.nnet.runtime.blas.MatMul;
import dev.nnet.runtime.blas.Parallel;
import dev.nnet.runtime.kernel.Convolution;
import dev.nnet.runtime.kernel.Parts;
import dev.nnet.runtime.kernel.SparseConvolution;
import dev.nnet.runtime.kernel.Window2d;
import java.util.Arrays;
import org.ejml.data.DMatrixRMaj;

// float32 twin: generated from this file by runtime/src/build/GenerateFloat32.java
/**
 * A float64 2-D convolution as matrix products (im2col), run in parts: the patches under every window position, one
 * row each [samples·outPixels, patch], times the kernel [patch, filters] give the output, one row per output pixel,
 * which is the output batch [rows, outPixels·filters] stored channels last. Backward: dK = patchesᵀ·dz,
 * d(patches) = dz·Kᵀ, scattered back onto the input by col2im.
 *
 * <p>The batch goes through a few samples at a time ({@link Conv2dChunks#samples}, so that a chunk's patches and
 * product stay in a core's L2 cache). Bias, and relu when fused, are applied, and relu's derivative and the bias
 * gradient taken, while a chunk's product is still in cache. Backward makes each chunk's patches again, except the
 * one forward left in the part's buffer. A chunk whose gradient is mostly zeros (a max pooling after the layer
 * passes each window's gradient to one position) skips the products and the patches: {@link SparseConvolution}
 * spends its work on the nonzero values only.
 *
 * <p>The chunks are cut into contiguous parts, one per thread, each with its own patch and product buffers: a part
 * writes only its samples' outputs (and input gradients), and sums its chunks' kernel and bias gradients in its own
 * buffers, which backward then adds in part order. So the bits depend on the number of threads (which sets the
 * parts, and caps a chunk at a thread's share of the batch), never on which thread ran which; with one thread they
 * are those of a plain loop over the chunks. Buffers are allocated when built (the
 * backward ones at the first backward pass), so no step allocates. Not thread-safe: one per network.
 */
public final class DoubleConv2d {
  private final Window2d window;
  private final int filters;
  private final int patch;
  private final int outPixels;
  private final int outSize;
  private final int chunk;
  private final boolean relu;
  private final int threads;
  private final DMatrixRMaj[] patches;
  private final DMatrixRMaj[] product;
  /** The chunk whose patches each part's buffer holds from forward, or -1. */
  private final int[] held;
  private DMatrixRMaj[] kernelGradChunk;
  private DMatrixRMaj[] kernelGradPart;
  private DMatrixRMaj[] biasGradPart;
  /** Each part's Kᵀ and dKᵀ [filters, patch] for the chunks whose gradient is sparse, Kᵀ made at the first. */
  private DMatrixRMaj[] kernelT;
  private DMatrixRMaj[] kernelGradT;
  private final Parallel.Job forwardJob = this::forwardPart;
  private final Parallel.Job backwardJob = this::backwardPart;

  // The current pass's operands, set before its parts run.
  private int rows;
  private double[] x;
  private DMatrixRMaj kernel;
  private double[] bias;
  private double[] y;
  private double[] dy;
  private double[] dx;
  private boolean withBias;

  /**
   * A convolution over {@code window} with {@code filters} output channels; {@code relu} fuses y = max(0, z) into
   * the output (and its derivative into backward), else y = z and any other activation is the caller's.
   */
  public DoubleConv2d(Window2d window, int filters, boolean relu) {
    this.window = window;
    this.filters = filters;
    this.patch = window.patchSize();
    this.outPixels = window.outPixels();
    this.outSize = outPixels * filters;
    this.chunk = Conv2dChunks.samples(outPixels, patch, filters, Double.BYTES);
    this.relu = relu;
    this.threads = PartRunner.threads();
    patches = Parts.doubleMatrices(threads, chunk * outPixels, patch);
    product = Parts.doubleMatrices(threads, chunk * outPixels, filters);
    held = new int[threads];
  }

  /** y = conv(x, K) + b (b may be null), through relu when fused, for the first {@code rows} samples. */
  public void forward(double[] x, DMatrixRMaj kernel, double[] bias, double[] y, int rows) {
    this.x = x;
    this.kernel = kernel;
    this.bias = bias;
    this.y = y;
    this.rows = rows;
    PartRunner.run(forwardJob, chunks(), threads);
  }

  /**
   * From dy (the output's gradient, or dz when no relu is fused): dK = patchesᵀ·dz into {@code kernelGrad},
   * db = Σ over pixels of dz into {@code biasGrad} (may be null), dx = col2im(dz·Kᵀ) into {@code dx} (may be null
   * when nothing before needs it). {@code x} and {@code y} are forward's.
   */
  public void backward(double[] x, DMatrixRMaj kernel, double[] y, double[] dy, double[] kernelGrad, double[] biasGrad,
      double[] dx, int rows) {
    if (kernelGradPart == null) {
      kernelGradChunk = Parts.doubleMatrices(threads, patch, filters);
      kernelGradPart = Parts.doubleMatrices(threads, patch, filters);
      biasGradPart = Parts.doubleMatrices(threads, 1, filters);
      kernelT = Parts.doubleMatrices(threads, filters, patch);
      kernelGradT = Parts.doubleMatrices(threads, filters, patch);
    }
    this.x = x;
    this.kernel = kernel;
    this.y = y;
    this.dy = dy;
    this.dx = dx;
    this.withBias = biasGrad != null;
    this.rows = rows;
    int parts = PartRunner.run(backwardJob, chunks(), threads);
    Arrays.fill(kernelGrad, 0, patch * filters, 0);
    if (withBias) {
      Arrays.fill(biasGrad, 0, filters, 0);
    }
    for (int part = 0; part < parts; part++) {
      Convolution.addEquals(kernelGrad, kernelGradPart[part].data, patch * filters);
      if (withBias) {
        Convolution.addEquals(biasGrad, biasGradPart[part].data, filters);
      }
    }
  }

  /**
   * The samples of one chunk in this pass: {@link #chunk}, but no more than a thread's share of the batch, so that a
   * layer whose whole batch fits one chunk (a conv1d over short words) still runs on every thread.
   */
  private int chunkSamples() {
    return Math.max(1, Math.min(chunk, (rows + threads - 1) / threads));
  }

  private int chunks() {
    return (rows + chunkSamples() - 1) / chunkSamples();
  }

  private void forwardPart(int part, int parts) {
    DMatrixRMaj patches = this.patches[part];
    DMatrixRMaj product = this.product[part];
    int begin = Parts.first(chunks(), part, parts);
    int end = Parts.first(chunks(), part + 1, parts);
    for (int c = begin; c < end; c++) {
      int first = c * chunkSamples();
      int samples = Math.min(chunkSamples(), rows - first);
      Convolution.im2col(x, first, samples, window, patches.data);
      patches.reshape(samples * outPixels, patch);
      product.reshape(samples * outPixels, filters);
      MatMul.mult(patches, kernel, product);
      if (relu) {
        Convolution.outputRelu(product.data, samples * outPixels, filters, bias, y, first * outSize);
      } else {
        Convolution.output(product.data, samples * outPixels, filters, bias, y, first * outSize);
      }
    }
    held[part] = end - 1;
  }

  /** The chunks of one part from the last, their dK and db summed in the part's buffers. */
  private void backwardPart(int part, int parts) {
    DMatrixRMaj patches = this.patches[part];
    DMatrixRMaj product = this.product[part];
    DMatrixRMaj kernelGradChunk = this.kernelGradChunk[part];
    double[] kernelGradSum = kernelGradPart[part].data;
    Arrays.fill(kernelGradSum, 0, patch * filters, 0);
    double[] biasGradSum = withBias ? biasGradPart[part].data : null;
    if (withBias) {
      Arrays.fill(biasGradSum, 0, filters, 0);
    }
    boolean anySparse = false;
    int begin = Parts.first(chunks(), part, parts);
    int end = Parts.first(chunks(), part + 1, parts);
    for (int c = end - 1; c >= begin; c--) {
      int first = c * chunkSamples();
      int samples = Math.min(chunkSamples(), rows - first);
      boolean patchesHeld = c == held[part];
      held[part] = -1;
      product.reshape(samples * outPixels, filters);
      // dz (dy ⊙ [y > 0] when relu is fused) for this chunk, and db += its sum over pixels
      if (relu) {
        Convolution.outputGradientRelu(dy, y, first * outSize, samples * outPixels, filters, product.data,
            biasGradSum);
      } else {
        Convolution.outputGradient(dy, first * outSize, samples * outPixels, filters, product.data, biasGradSum);
      }
      if (SparseConvolution.worth(product.data, samples * outSize)) {
        if (!anySparse) {
          anySparse = true;
          SparseConvolution.transpose(kernel.data, patch, filters, kernelT[part].data);
          Arrays.fill(kernelGradT[part].data, 0, filters * patch, 0);
        }
        SparseConvolution.backward(x, first, samples, window, product.data, filters, kernelT[part].data,
            kernelGradT[part].data, dx);
        continue;
      }
      if (!patchesHeld) {
        // made again, but for the chunk forward left in this part's buffer
        Convolution.im2col(x, first, samples, window, patches.data);
      }
      patches.reshape(samples * outPixels, patch);
      MatMul.multTransA(patches, product, kernelGradChunk);
      Convolution.addEquals(kernelGradSum, kernelGradChunk.data, patch * filters);
      if (dx != null) {
        // the patches are spent: their gradient dz·Kᵀ takes their place
        MatMul.multTransB(product, kernel, patches);
        Convolution.col2im(patches.data, first, samples, window, dx);
      }
    }
    if (anySparse) {
      SparseConvolution.addTransposed(kernelGradSum, patch, filters, kernelGradT[part].data);
    }
  }
}
