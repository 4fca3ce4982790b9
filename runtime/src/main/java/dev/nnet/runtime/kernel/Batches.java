package dev.nnet.runtime.kernel;

/**
 * Copies the rows of one batch out of a data set's float32 arrays into a network's buffers, converting to the
 * network's precision once, here.
 */
public final class Batches {
  private Batches() {}

  /**
   * Rows gathered ahead of the one being copied: before copying row {@code r}, one value in every
   * {@link #TOUCH_STRIDE} of row {@code r + AHEAD} is read, so that its cache lines are already on their way from
   * memory when its turn comes. Java has no prefetch instruction; these reads stand in for one. Rows of a shuffled data set
   * are far apart, so each row otherwise starts with a wait for memory that the hardware prefetcher cannot
   * foresee: a batch of 128 Fashion-MNIST rows took 72 µs with the reads against 84 without, 21 against 24 at 32
   * (one thread, huge pages, benchmarks/RESULTS.md).
   */
  private static final int AHEAD = 4;

  /** Values between two reads ahead: 32 floats, every other 64-byte cache line (the next one comes with it). */
  private static final int TOUCH_STRIDE = 32;

  /** Byte values in a 64-byte cache line: the byte gather reads one in every line ahead. */
  private static final int BYTES_PER_LINE = 64;

  /** Where the reads ahead leave their value, so that the compiler keeps them. */
  @SuppressWarnings("unused")
  private static int sink;

  /** dst[r·size + i] = src[order[from + r]·size + i] for r < n, i < size. */
  public static void gather(float[] src, int size, int[] order, int from, int n, float[] dst) {
    gather(src, size, order, from, n, dst, 0, size);
  }

  /**
   * The columns {@code [c0, c1)} of {@link #gather(float[], int, int[], int, int, float[])}: dst[r·size + i] =
   * src[order[from + r]·size + i] for r < n, c0 ≤ i < c1. Threads gathering different columns of the same batch
   * each wait for their own rows' memory, side by side.
   */
  public static void gather(float[] src, int size, int[] order, int from, int n, float[] dst, int c0, int c1) {
    int touched = 0;
    for (int r = 0; r < n; r++) {
      if (r + AHEAD < n) {
        int ahead = order[from + r + AHEAD] * size;
        for (int i = c0; i < c1; i += TOUCH_STRIDE) {
          touched ^= Float.floatToRawIntBits(src[ahead + i]);
        }
      }
      System.arraycopy(src, order[from + r] * size + c0, dst, r * size + c0, c1 - c0);
    }
    sink = touched;
  }

  /**
   * The columns {@code [c0, c1)} of a batch from features stored as unsigned bytes: dst[r·size + i] =
   * (src[order[from + r]·size + i] & 0xFF) · scale, in float32, for r < n, c0 ≤ i < c1; the same floats as the
   * float form of the features, which an IDX reader makes by the same product (on vectors, {@link VectorPasses}, where
   * the batch is large enough: the same bits). Rows are read ahead as in
   * {@link #gather(float[], int, int[], int, int, float[], int, int)}, every cache line of 64 values.
   */
  public static void gather(
      byte[] src, float scale, int size, int[] order, int from, int n, float[] dst, int c0, int c1) {
    boolean vector = Vectorized.worth((long) n * (c1 - c0));
    int touched = 0;
    for (int r = 0; r < n; r++) {
      if (r + AHEAD < n) {
        int ahead = order[from + r + AHEAD] * size;
        for (int i = c0; i < c1; i += BYTES_PER_LINE) {
          touched ^= src[ahead + i];
        }
      }
      int s = order[from + r] * size + c0;
      int d = r * size + c0;
      int done = vector ? VectorPasses.unsignedBytesScaled(src, s, dst, d, c1 - c0, scale) : 0;
      for (int i = done; i < c1 - c0; i++) {
        dst[d + i] = (src[s + i] & 0xFF) * scale;
      }
    }
    sink = touched;
  }

  /** As {@link #gather(byte[], float, int, int[], int, int, float[], int, int)} for all columns, widened to double. */
  public static void gather(byte[] src, float scale, int size, int[] order, int from, int n, double[] dst) {
    for (int r = 0; r < n; r++) {
      int s = order[from + r] * size;
      int d = r * size;
      for (int i = 0; i < size; i++) {
        dst[d + i] = (src[s + i] & 0xFF) * scale;
      }
    }
  }

  /** dst[r·size + i] = src[order[from + r]·size + i] for r < n, i < size, widened to double. */
  public static void gather(float[] src, int size, int[] order, int from, int n, double[] dst) {
    for (int r = 0; r < n; r++) {
      int s = order[from + r] * size;
      int d = r * size;
      for (int i = 0; i < size; i++) {
        dst[d + i] = src[s + i];
      }
    }
  }

  /**
   * Gathers one class index per row, as {@link #gather(float[], int, int[], int, int, float[])} with size 1, and
   * checks that each is a whole number in [0, classes).
   *
   * @throws IllegalArgumentException naming the data set row of the first bad label
   */
  public static void gatherClasses(float[] src, int[] order, int from, int n, int classes, float[] dst) {
    for (int r = 0; r < n; r++) {
      dst[r] = checkedClass(src, order[from + r], classes);
    }
  }

  /** As {@link #gatherClasses(float[], int[], int, int, int, float[])}, widened to double. */
  public static void gatherClasses(float[] src, int[] order, int from, int n, int classes, double[] dst) {
    for (int r = 0; r < n; r++) {
      dst[r] = checkedClass(src, order[from + r], classes);
    }
  }

  private static float checkedClass(float[] src, int row, int classes) {
    float c = src[row];
    if (!(c >= 0 && c < classes && c == (int) c)) {
      throw new IllegalArgumentException(
          "row " + row + ": label " + c + " is not a class index in [0, " + classes + ")");
    }
    return c;
  }
}
