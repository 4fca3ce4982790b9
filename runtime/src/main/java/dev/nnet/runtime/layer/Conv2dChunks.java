package dev.nnet.runtime.layer;

/** How many samples a convolution takes at a time. */
public final class Conv2dChunks {
  /**
   * At most this many bytes of patches and product per chunk: about a core's L2 cache (512 KiB to 2 MiB on current
   * server cores). On the 2-core EPYC of benchmarks/RESULTS.md, 1 MiB (6 samples of the Fashion-MNIST convnet's
   * second layer) measured a little faster than a half or a quarter of it, and than 4 or 8 times it.
   */
  public static final int CHUNK_BYTES = 1024 * 1024;

  private Conv2dChunks() {}

  /**
   * Samples per chunk: as many as fit {@link #CHUNK_BYTES} with their patches and product, at least one and at most
   * 1024 (a layer of a few values a sample would otherwise get chunks far larger than any batch).
   */
  public static int samples(int outPixels, int patch, int filters, int bytesPerValue) {
    long perSample = (long) outPixels * (patch + filters) * bytesPerValue;
    return (int) Math.max(1, Math.min(1024, CHUNK_BYTES / perSample));
  }
}
