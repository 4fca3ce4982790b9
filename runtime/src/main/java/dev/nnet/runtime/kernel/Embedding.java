package dev.nnet.runtime.kernel;

/**
 * Keras' {@code Embedding}: each token id of a sequence picks one row of the table E [inputDim, outputDim].
 * {@code ids} holds {@code count} ids (a batch of rows × steps), whole numbers carried in the network's input buffer;
 *
 * <pre>
 *   forward:   y[i, :] = E[ids[i], :]
 *   backward:  dE[k, :] = Σ over i with ids[i] = k of dy[i, :]   (scatter-add: a repeated id sums its gradients)
 * </pre>
 *
 * There is no gradient with respect to the ids. With {@code mask_zero}, {@link #mask} writes 1 for a real step and 0
 * for padding (id 0), which the layers after an embedding read as the generated network's {@code mask}.
 */
public final class Embedding {
  private Embedding() {}

  /** y = E[ids], float32. */
  public static void forward(float[] ids, int count, float[] table, int inputDim, int outputDim, float[] y) {
    for (int i = 0; i < count; i++) {
      int k = id(ids[i], i, inputDim);
      System.arraycopy(table, k * outputDim, y, i * outputDim, outputDim);
    }
  }

  /** y = E[ids], float64. */
  public static void forward(double[] ids, int count, double[] table, int inputDim, int outputDim, double[] y) {
    for (int i = 0; i < count; i++) {
      int k = id(ids[i], i, inputDim);
      System.arraycopy(table, k * outputDim, y, i * outputDim, outputDim);
    }
  }

  /** dE (overwritten) from dy, float32. */
  public static void backward(float[] ids, float[] dy, int count, int inputDim, int outputDim, float[] dTable) {
    java.util.Arrays.fill(dTable, 0, inputDim * outputDim, 0f);
    if (Vectorized.worth((long) count * outputDim)) {
      VectorPasses.scatterAdd(ids, dy, count, outputDim, dTable);
      return;
    }
    for (int i = 0; i < count; i++) {
      int row = (int) ids[i] * outputDim;
      for (int j = 0, o = i * outputDim; j < outputDim; j++) {
        dTable[row + j] += dy[o + j];
      }
    }
  }

  /** dE (overwritten) from dy, float64. */
  public static void backward(double[] ids, double[] dy, int count, int inputDim, int outputDim, double[] dTable) {
    java.util.Arrays.fill(dTable, 0, inputDim * outputDim, 0.0);
    for (int i = 0; i < count; i++) {
      int row = (int) ids[i] * outputDim;
      for (int j = 0, o = i * outputDim; j < outputDim; j++) {
        dTable[row + j] += dy[o + j];
      }
    }
  }

  /** mask[i] = 1 where ids[i] is not 0 (padding), else 0; float32. */
  public static void mask(float[] ids, int count, float[] mask) {
    for (int i = 0; i < count; i++) {
      mask[i] = ids[i] != 0 ? 1f : 0f;
    }
  }

  /** mask[i] = 1 where ids[i] is not 0 (padding), else 0; float64. */
  public static void mask(double[] ids, int count, double[] mask) {
    for (int i = 0; i < count; i++) {
      mask[i] = ids[i] != 0 ? 1 : 0;
    }
  }

  /**
   * The row of the table that {@code ids[i]} picks, as {@link #forward} reads it: for a layer that looks ids up in
   * a table of its own with {@code inputDim} rows (a recurrent layer after an embedding).
   *
   * @throws IllegalArgumentException if {@code ids[i]} is not a whole number in [0, inputDim)
   */
  public static int row(double[] ids, int i, int inputDim) {
    return id(ids[i], i, inputDim);
  }

  /** {@link #row(double[], int, int)} in float32. */
  public static int row(float[] ids, int i, int inputDim) {
    return id(ids[i], i, inputDim);
  }

  /**
   * The row of id {@code v}: the data readers check ids as they load them ({@code TokenIds}), so a bad id here is a
   * caller's bug, refused rather than read from another row.
   */
  private static int id(double v, int i, int inputDim) {
    int k = (int) v;
    if (k != v || k < 0 || k >= inputDim) {
      throw new IllegalArgumentException("embedding: token id " + v + " at position " + i + " is not a whole number"
          + " in [0, " + inputDim + ")");
    }
    return k;
  }
}
