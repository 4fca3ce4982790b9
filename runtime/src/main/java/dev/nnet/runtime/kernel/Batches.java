package dev.nnet.runtime.kernel;

/**
 * Copies the rows of one batch out of a data set's float32 arrays into a network's buffers, converting to the
 * network's precision once, here.
 */
public final class Batches {
  private Batches() {}

  /** dst[r·size + i] = src[order[from + r]·size + i] for r < n, i < size. */
  public static void gather(float[] src, int size, int[] order, int from, int n, float[] dst) {
    for (int r = 0; r < n; r++) {
      System.arraycopy(src, order[from + r] * size, dst, r * size, size);
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
