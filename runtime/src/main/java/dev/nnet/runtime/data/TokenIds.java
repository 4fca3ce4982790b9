package dev.nnet.runtime.data;

import dev.nnet.runtime.Dataset;
import dev.nnet.runtime.Network;

/**
 * Token ids checked where they are read: every value a whole number below the vocabulary of the embedding that
 * reads them ({@link Network#vocabularySize()}, Keras' {@code input_dim}), so a bad id is a data error naming its
 * line or row, never a failure in the middle of an epoch. Text input needs no check: its vocabulary has at most
 * {@code max_tokens} ids, and the embedding at least as many rows.
 */
public final class TokenIds {
  private TokenIds() {}

  /**
   * Reads {@code source} as it is, in file order, and checks its ids; a CSV's data row r is on line r + 2, after the
   * header. Other sources (texts, IDX files) carry no ids to check.
   *
   * @param vocabulary the ids the embedding takes, 0 for a model that reads no ids (nothing is read then)
   * @throws DataException naming the line, the token and the bad value
   */
  public static void check(int vocabulary, Source source, int featureSize) {
    if (vocabulary <= 0 || !(source instanceof Source.Csv)) {
      return;
    }
    check(vocabulary, source.load(new Target.None(), featureSize), source.describe());
  }

  /**
   * Checks ids read in file order from {@code file}: row r of {@code data} is on line r + 2, after the header.
   *
   * @throws DataException naming the line, the token and the bad value
   */
  public static void check(int vocabulary, Dataset data, String file) {
    int bad = vocabulary <= 0 ? -1 : firstBadId(data.features(), data.rows() * data.featureSize(),
        vocabulary);
    if (bad >= 0) {
      throw refused(file + ", line " + (bad / data.featureSize() + 2), bad % data.featureSize(), data.features()[bad],
          vocabulary);
    }
  }

  /**
   * Checks the ids of one row read elsewhere (a Spark row).
   *
   * @param where the row, as messages name it ("the training data, row 7")
   * @throws DataException naming {@code where}, the token and the bad value
   */
  public static void checkRow(int vocabulary, float[] ids, String where) {
    int bad = vocabulary <= 0 ? -1 : firstBadId(ids, ids.length, vocabulary);
    if (bad >= 0) {
      throw refused(where, bad, ids[bad], vocabulary);
    }
  }

  /**
   * The first value of {@code ids} that is not a token id below {@code vocabulary}, as {@code row * steps + step};
   * -1 when every one is. The embedding's kernel reads ids so: a whole number, as a float, in [0, vocabulary).
   */
  static int firstBadId(float[] ids, int count, int vocabulary) {
    for (int i = 0; i < count; i++) {
      float v = ids[i];
      if (!(v >= 0 && v < vocabulary) || v != Math.rint(v)) {
        return i;
      }
    }
    return -1;
  }

  private static DataException refused(String where, int token, float value, int vocabulary) {
    return new DataException(where + ", token " + (token + 1) + ": " + value + " is not a token id: the embedding"
        + " takes whole numbers from 0 to " + (vocabulary - 1) + " (input_dim " + vocabulary + "); raise input_dim"
        + " or fix the data");
  }
}
