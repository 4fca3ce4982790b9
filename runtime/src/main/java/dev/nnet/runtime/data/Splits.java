package dev.nnet.runtime.data;

import dev.nnet.runtime.Dataset;
import dev.nnet.runtime.Rng;

/** Shuffling and slicing datasets by rows. Slices are copies: each dataset owns its arrays. */
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
    int f = data.featureSize();
    int t = data.targetSize();
    float[] x = new float[(to - from) * f];
    float[] y = new float[(to - from) * t];
    System.arraycopy(data.features(), from * f, x, 0, x.length);
    System.arraycopy(data.targets(), from * t, y, 0, y.length);
    return new Dataset(x, f, y, t, to - from, data.classes());
  }

  /** Rows {@code order[from]}, ..., {@code order[to − 1]}, as a new dataset. */
  public static Dataset select(Dataset data, int[] order, int from, int to) {
    int f = data.featureSize();
    int t = data.targetSize();
    float[] x = new float[(to - from) * f];
    float[] y = new float[(to - from) * t];
    for (int i = from; i < to; i++) {
      System.arraycopy(data.features(), order[i] * f, x, (i - from) * f, f);
      System.arraycopy(data.targets(), order[i] * t, y, (i - from) * t, t);
    }
    return new Dataset(x, f, y, t, to - from, data.classes());
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
