package dev.nnet.runtime.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BatchesTest {
  /**
   * The gather against a plain copy, for batches shorter and longer than its reads ahead, rows shorter and longer
   * than their stride, and an offset into the order.
   */
  @Test
  void gatherCopiesTheOrderedRows() {
    SplittableRandom random = new SplittableRandom(11);
    for (int size : new int[] {0, 1, 31, 32, 33, 784}) {
      for (int n : new int[] {1, 3, 4, 5, 9, 40}) {
        int rows = 50;
        float[] src = new float[rows * size];
        for (int i = 0; i < src.length; i++) {
          src[i] = (float) random.nextDouble(-1, 1);
        }
        int[] order = random.ints(rows + 3, 0, rows).toArray();
        float[] dst = new float[n * size + 5];
        float[] expected = dst.clone();
        for (int r = 0; r < n; r++) {
          for (int i = 0; i < size; i++) {
            expected[r * size + i] = src[order[3 + r] * size + i];
          }
        }
        Batches.gather(src, size, order, 3, n, dst);
        assertThat(dst).as("size %d, %d rows", size, n).containsExactly(expected);
      }
    }
  }
}
