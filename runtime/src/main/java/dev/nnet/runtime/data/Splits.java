package dev.nnet.runtime.data;

import dev.nnet.runtime.Dataset;
import dev.nnet.runtime.Rng;
import java.util.Arrays;

/**
 * Shuffling and slicing datasets by rows. Slices are copies: each dataset owns its arrays, in the form its source
 * has (features stored as bytes stay bytes).
 */
public final class Splits {
  private Splits() {}

  /** The rows of {@code data} in an order drawn from {@code rng} (Fisher-Yates), as a new dataset. */
  public static Dataset shuffle(Dataset data, Rng rng) {
    int[] order = new int[data.rows()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    rng.shuffle(order);
    return select(data, order, 0, order.length);
  }

  /** Rows {@code from} (inclusive) to {@code to} (exclusive), as a new dataset. */
  public static Dataset slice(Dataset data, int from, int to) {
    int[] rows = new int[to - from];
    Arrays.setAll(rows, i -> from + i);
    return select(data, rows, 0, rows.length);
  }

  /** Rows {@code order[from]}, ..., {@code order[to − 1]}, as a new dataset of the same form (floats or bytes). */
  public static Dataset select(Dataset data, int[] order, int from, int to) {
    int f = data.featureSize();
    int t = data.targetSize();
    int n = to - from;
    float[] y = new float[n * t];
    for (int i = from; i < to; i++) {
      System.arraycopy(data.targets(), order[i] * t, y, (i - from) * t, t);
    }
    Dataset.ByteFeatures bytes = data.bytes();
    if (bytes != null) {
      byte[] b = new byte[n * f];
      for (int i = from; i < to; i++) {
        System.arraycopy(bytes.values(), order[i] * f, b, (i - from) * f, f);
      }
      return Dataset.ofBytes(new Dataset.ByteFeatures(b, bytes.scale()), f, y, t, n, data.classes());
    }
    float[] x = new float[n * f];
    for (int i = from; i < to; i++) {
      System.arraycopy(data.features(), order[i] * f, x, (i - from) * f, f);
    }
    return new Dataset(x, f, y, t, n, data.classes());
  }

  /**
   * How many of {@code rows} samples a fraction takes: {@code round(fraction · rows)}, at least 1 when the fraction
   * is positive, and never all of them.
   *
   * @throws DataException when the split would leave one side empty
   */
  public static int count(int rows, double fraction, String what, String from) {
    if (!(fraction >= 0 && fraction < 1)) {
      throw new DataException(what + " must be at least 0 and less than 1, got " + fraction);
    }
    if (fraction == 0) {
      return 0;
    }
    long n = Math.max(1, Math.round(fraction * rows));
    if (n >= rows) {
      throw new DataException(
          what + " " + fraction + " of " + rows + " sample" + (rows == 1 ? "" : "s") + " in " + from
              + " leaves none for training; use a smaller fraction or more data");
    }
    return (int) n;
  }
}
