package dev.nnet.runtime.kernel;

/**
 * A bias vector added to every row, and its gradient. {@code m} holds {@code rows × cols} values row-major and
 * {@code b} holds {@code cols}; a convolution passes rows = samples × output pixels and cols = filters.
 */
public final class Bias {
  private Bias() {}

  /** m[r][j] += b[j] for every row r. Modifies {@code m}. */
  public static void add(float[] m, int rows, int cols, float[] b) {
    if (Vectorized.worth((long) rows * cols)) {
      VectorPasses.biasAdd(m, rows, cols, b);
      return;
    }
    for (int r = 0; r < rows; r++) {
      int o = r * cols;
      for (int j = 0; j < cols; j++) {
        m[o + j] += b[j];
      }
    }
  }

  /** m[r][j] += b[j] for every row r. Modifies {@code m}. */
  public static void add(double[] m, int rows, int cols, double[] b) {
    for (int r = 0; r < rows; r++) {
      int o = r * cols;
      for (int j = 0; j < cols; j++) {
        m[o + j] += b[j];
      }
    }
  }

  /** db[j] = Σᵣ dm[r][j], the gradient of a bias added to every row. Overwrites {@code db}. */
  public static void backward(float[] dm, int rows, int cols, float[] db) {
    java.util.Arrays.fill(db, 0, cols, 0f);
    accumulate(dm, rows, cols, db);
  }

  /**
   * db[j] += Σᵣ dm[r][j], rows in order: the bias gradient of part of a batch (a convolution's chunk) added to what
   * the earlier parts left. Modifies {@code db}.
   */
  public static void accumulate(float[] dm, int rows, int cols, float[] db) {
    if (Vectorized.worth((long) rows * cols)) {
      VectorPasses.biasAccumulate(dm, rows, cols, db);
      return;
    }
    for (int r = 0; r < rows; r++) {
      int o = r * cols;
      for (int j = 0; j < cols; j++) {
        db[j] += dm[o + j];
      }
    }
  }

  /** db[j] = Σᵣ dm[r][j], the gradient of a bias added to every row. Overwrites {@code db}. */
  public static void backward(double[] dm, int rows, int cols, double[] db) {
    java.util.Arrays.fill(db, 0, cols, 0.0);
    accumulate(dm, rows, cols, db);
  }

  /**
   * db[j] += Σᵣ dm[r][j], rows in order: the bias gradient of part of a batch (a convolution's chunk) added to what
   * the earlier parts left. Modifies {@code db}.
   */
  public static void accumulate(double[] dm, int rows, int cols, double[] db) {
    for (int r = 0; r < rows; r++) {
      int o = r * cols;
      for (int j = 0; j < cols; j++) {
        db[j] += dm[o + j];
      }
    }
  }
}
