package dev.nnet.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nnet.runtime.blas.MatMul;
import dev.nnet.runtime.blas.MatMulBackend;
import java.util.List;
import java.util.SplittableRandom;
import org.ejml.data.FMatrixRMaj;
import org.junit.jupiter.api.Test;

/**
 * A float32 batch loads the same rows in order whether it is copied on one thread or by columns across two or three
 * (a batch of 32 Fashion-MNIST-sized rows is large enough to be cut), with a partial last batch and a row size that
 * the threads do not divide evenly.
 */
class FloatNetworkBatchTest {
  /** A network whose output is its input: what {@code loadBatch} put in the input buffer. */
  private static final class Identity extends FloatNetwork {
    private final FMatrixRMaj out;

    Identity(int size, int capacity) {
      super("Identity", "0", new int[] {size}, size, false, capacity);
      out = new FMatrixRMaj(capacity, size);
    }

    @Override
    protected void initialize(Rng rng) {}

    @Override
    protected FMatrixRMaj outputBuffer() {
      return out;
    }

    @Override
    protected void forwardLayers() {
      out.reshape(input.numRows, input.numCols);
      System.arraycopy(input.data, 0, out.data, 0, input.numRows * input.numCols);
    }

    @Override
    protected double loss() {
      return 0;
    }

    @Override
    protected void backwardLayers() {}

    @Override
    protected void resizeBuffers(int n, boolean training) {}

    @Override
    protected void allocateTrainingBuffers() {}
  }

  @Test
  void rowsLoadTheSameOnOneTwoAndThreeThreads() {
    int size = 785; // not a multiple of 2 or 3
    int rows = 70;
    SplittableRandom random = new SplittableRandom(5);
    float[] features = new float[rows * size];
    for (int i = 0; i < features.length; i++) {
      features[i] = (float) random.nextDouble();
    }
    assertLoads(new Dataset(features, size, new float[rows * size], size, rows, List.of()), features, random);
  }

  /**
   * Features stored as bytes (an IDX file of bytes) load as the floats they stand for, {@code (b & 0xFF) · scale} in
   * float32, and loading batches does not make the dataset's floats, which would take four times the memory.
   */
  @Test
  void rowsLoadFromBytesWithoutMakingTheirFloats() {
    int size = 785;
    int rows = 70;
    SplittableRandom random = new SplittableRandom(6);
    byte[] bytes = new byte[rows * size];
    float scale = (float) (1 / 255.0);
    float[] expected = new float[rows * size];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) (i == 1 ? 200 : random.nextInt(256)); // 200: above 127, stored as a negative byte
      expected[i] = (float) (bytes[i] & 0xFF) * scale;
    }
    Dataset data = Dataset.ofBytes(new Dataset.ByteFeatures(bytes, scale), size, new float[rows * size], size, rows,
        List.of());
    assertLoads(data, expected, random);
    assertThat(data.floatsMade()).isFalse();
    assertThat(data.features()).containsExactly(expected);
    assertThat(data.floatsMade()).isTrue();
    assertThat(data.features()).isSameAs(data.features());
  }

  private static void assertLoads(Dataset data, float[] features, SplittableRandom random) {
    int rows = data.rows();
    int size = data.featureSize();
    int[] order = random.ints(rows, 0, rows).toArray();
    MatMulBackend before = MatMul.backend();
    try {
      for (int threads = 1; threads <= 3; threads++) {
        MatMul.select("ejml", threads);
        Identity net = new Identity(size, 32);
        for (int from = 0; from < rows; from += 32) {
          int n = Math.min(32, rows - from);
          net.loadBatch(data, order, from, n);
          net.forward(false);
          for (int r = 0; r < n; r++) {
            double[] loaded = new double[size];
            double[] expected = new double[size];
            for (int j = 0; j < size; j++) {
              loaded[j] = net.output(r, j);
              expected[j] = features[order[from + r] * size + j];
            }
            assertThat(loaded).as("%d threads, row %d", threads, from + r).containsExactly(expected);
          }
        }
      }
    } finally {
      MatMul.setBackend(before);
    }
  }
}
