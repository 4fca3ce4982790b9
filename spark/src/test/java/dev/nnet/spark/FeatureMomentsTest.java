package dev.nnet.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nnet.runtime.Dataset;
import dev.nnet.runtime.Rng;
import dev.nnet.runtime.data.Standardizer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Moments merged from parts in any grouping equal one pass over all rows, and the runtime's standardizer. */
class FeatureMomentsTest {
  @Test
  void mergedPartsAgreeWithTheTwoPassStatisticsTo1e12AndGiveTheSameStandardizer() {
    int rows = 3000;
    int f = 6;
    Rng rng = new Rng(3);
    float[] x = new float[rows * f];
    for (int r = 0; r < rows; r++) {
      for (int j = 0; j < f; j++) {
        // A large mean and a small spread (what cancels in a naive sum of squares), and one constant feature.
        x[r * f + j] = j == 5 ? 7f : (float) (1e4 * j + rng.nextGaussian() * (j + 1));
      }
    }
    double[] mean = new double[f];
    double[] variance = new double[f];
    for (int j = 0; j < f; j++) {
      double sum = 0;
      for (int r = 0; r < rows; r++) {
        sum += x[r * f + j];
      }
      mean[j] = sum / rows;
      double squares = 0;
      for (int r = 0; r < rows; r++) {
        double d = x[r * f + j] - mean[j];
        squares += d * d;
      }
      variance[j] = squares / rows;
    }

    // Three uneven parts merged two ways, as a treeAggregate might group them.
    FeatureMoments a = moments(x, f, 0, 17);
    FeatureMoments b = moments(x, f, 17, 1900);
    FeatureMoments c = moments(x, f, 1900, rows);
    FeatureMoments left = moments(x, f, 0, 17).merge(moments(x, f, 17, 1900)).merge(moments(x, f, 1900, rows));
    FeatureMoments right = a.merge(b.merge(c).merge(new FeatureMoments(f)));
    for (FeatureMoments m : List.of(left, right)) {
      assertThat(m.count()).isEqualTo(rows);
      for (int j = 0; j < f; j++) {
        assertThat(Math.abs(m.mean(j) - mean[j])).as("mean %d", j).isLessThanOrEqualTo(1e-12 * Math.abs(mean[j]));
        assertThat(Math.abs(m.variance(j) - variance[j])).as("variance %d", j)
            .isLessThanOrEqualTo(1e-12 * Math.max(variance[j], 1e-300));
      }
      Standardizer fitted = Standardizer.fit(new Dataset(x, f, new float[rows], 1, rows, List.of()));
      assertThat(m.standardizer().mean()).containsExactly(fitted.mean());
      assertThat(m.standardizer().std()).containsExactly(fitted.std());
    }
  }

  private static FeatureMoments moments(float[] x, int f, int from, int to) {
    FeatureMoments m = new FeatureMoments(f);
    for (int r = from; r < to; r++) {
      m.add(x, r * f);
    }
    return m;
  }
}
