package dev.nnet.runtime;

import dev.nnet.runtime.blas.MatMul;
import dev.nnet.runtime.blas.Parallel;
import dev.nnet.runtime.kernel.Batches;
import dev.nnet.runtime.kernel.Parts;
import org.ejml.data.FMatrixRMaj;

/** A generated network computing in float: its input and target buffers, and {@link #predict}. */
public abstract class FloatNetwork extends GeneratedNetwork {
  /** The batch's input, one sample per row. */
  protected final FMatrixRMaj input;
  /** The batch's targets: a class index or a row of values per sample. */
  protected final float[] targets;

  /** Values in a batch from which it is loaded by columns across the team: 64 KiB of float32. */
  private static final int PARALLEL_GATHER_VALUES = 16_384;

  private final Parallel.Job gatherJob = this::gatherPart;
  /** The batch being gathered in parts: its data, row order and first position; null between batches. */
  private Dataset gatherSource;

  private int[] gatherOrder;
  private int gatherFirst;

  protected FloatNetwork(String name, String fingerprint, int[] inputShape, int outputSize, boolean classTargets,
      int batchCapacity) {
    super(name, fingerprint, inputShape, outputSize, classTargets, batchCapacity);
    input = new FMatrixRMaj(batchCapacity, inputSize());
    targets = new float[batchCapacity * targetSize];
  }

  @Override
  public final boolean isDouble() {
    return false;
  }

  /**
   * Copies the batch's rows into the input buffer, from the byte form of the features when the data has one (a
   * quarter of the memory traffic: loading a shuffled batch is bound by the memory's bandwidth); a batch of at least
   * {@link #PARALLEL_GATHER_VALUES} values is cut by columns across the team. Each thread then waits for memory on its
   * own, and with two threads the first half of every row lands in the caller's core and the second in the
   * worker's: the halves in which a dense first layer's product and weight gradient read it
   * ({@code blas.SharedSplit}). 20 µs on one thread for a batch of 32 Fashion-MNIST rows of floats drawn from all
   * over the data set.
   */
  @Override
  protected final void gatherInput(Dataset data, int[] order, int from, int n) {
    input.reshape(n, inputSize());
    Parallel team = MatMul.team();
    gatherSource = data;
    gatherOrder = order;
    gatherFirst = from;
    try {
      if ((long) n * inputSize() < PARALLEL_GATHER_VALUES || team.threads() == 1) {
        gatherPart(0, 1);
      } else {
        team.run(gatherJob, team.parts(inputSize()));
      }
    } finally {
      gatherSource = null;
      gatherOrder = null;
    }
  }

  /** One part of {@link #gatherInput}: its share of every row's columns. */
  private void gatherPart(int part, int parts) {
    int size = inputSize();
    int c0 = Parts.first(size, part, parts);
    int c1 = Parts.first(size, part + 1, parts);
    Dataset.ByteFeatures bytes = gatherSource.bytes();
    if (bytes != null) {
      Batches.gather(bytes.values(), bytes.scale(), size, gatherOrder, gatherFirst, input.numRows, input.data, c0, c1);
    } else {
      Batches.gather(gatherSource.features(), size, gatherOrder, gatherFirst, input.numRows, input.data, c0, c1);
    }
  }

  @Override
  protected final void gatherTargets(float[] values, int[] order, int from, int n) {
    if (classTargets) {
      Batches.gatherClasses(values, order, from, n, outputSize(), targets);
    } else {
      Batches.gather(values, targetSize, order, from, n, targets);
    }
  }

  /** The output buffer, the last layer's. */
  protected abstract FMatrixRMaj outputBuffer();

  @Override
  protected final double outputValue(int i) {
    return outputBuffer().data[i];
  }

  /**
   * Runs one sample through the network for inference (no dropout, moving batch statistics), without a
   * {@code Dataset}: {@code sample} holds {@link #inputSize()} values, channels last, and {@code result} receives
   * {@link #outputSize()}. Replaces the loaded batch (load one before the next {@code forward}); allocates
   * nothing, and leaves {@code sample} as it was.
   */
  public final void predict(float[] sample, float[] result) {
    startPrediction(sample.length, result.length);
    input.reshape(1, inputSize());
    // The layers only read the input, so the sample itself is the one-row batch. Copying it first cost 0.1 µs of a
    // 2.9 µs Fashion-MNIST prediction (benchmarks/RESULTS.md).
    float[] batch = input.data;
    input.data = sample;
    try {
      forwardLayers();
    } finally {
      input.data = batch;
    }
    System.arraycopy(outputBuffer().data, 0, result, 0, outputSize());
  }
}
