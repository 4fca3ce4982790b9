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
    backward(dm, rows, cols, db, 0);
  }

  /**
   * db[dbOffset + j] = Σᵣ dm[r][j], rows in order: the gradient of a bias that is part of a longer array (a GRU's
   * recurrent bias row). Overwrites those {@code cols} values of {@code db}.
   */
  public static void backward(float[] dm, int rows, int cols, float[] db, int dbOffset) {
    java.util.Arrays.fill(db, dbOffset, dbOffset + cols, 0f);
    accumulate(dm, rows, cols, db, dbOffset);
  }

  /**
   * db[j] += Σᵣ dm[r][j], rows in order: the bias gradient of part of a batch (a convolution's chunk) added to what
   * the earlier parts left. Modifies {@code db}.
   */
  public static void accumulate(float[] dm, int rows, int cols, float[] db) {
    accumulate(dm, rows, cols, db, 0);
  }

  private static void accumulate(float[] dm, int rows, int cols, float[] db, int dbOffset) {
    if (Vectorized.worth((long) rows * cols)) {
      VectorPasses.biasAccumulate(dm, rows, cols, db, dbOffset);
      return;
    }
    for (int r = 0; r < rows; r++) {
      int o = r * cols;
      for (int j = 0; j < cols; j++) {
        db[dbOffset + j] += dm[o + j];
      }
    }
  }

  /** db[j] = Σᵣ dm[r][j], the gradient of a bias added to every row. Overwrites {@code db}. */
  public static void backward(double[] dm, int rows, int cols, double[] db) {
    backward(dm, rows, cols, db, 0);
  }

  /**
   * db[dbOffset + j] = Σᵣ dm[r][j], rows in order: the gradient of a bias that is part of a longer array (a GRU's
   * recurrent bias row). Overwrites those {@code cols} values of {@code db}.
   */
  public static void backward(double[] dm, int rows, int cols, double[] db, int dbOffset) {
    java.util.Arrays.fill(db, dbOffset, dbOffset + cols, 0.0);
    accumulate(dm, rows, cols, db, dbOffset);
  }

  /**
   * db[j] += Σᵣ dm[r][j], rows in order: the bias gradient of part of a batch (a convolution's chunk) added to what
   * the earlier parts left. Modifies {@code db}.
   */
  public static void accumulate(double[] dm, int rows, int cols, double[] db) {
    accumulate(dm, rows, cols, db, 0);
  }

  private static void accumulate(double[] dm, int rows, int cols, double[] db, int dbOffset) {
    for (int r = 0; r < rows; r++) {
      int o = r * cols;
      for (int j = 0; j < cols; j++) {
        db[dbOffset + j] += dm[o + j];
      }
    }
  }
}
