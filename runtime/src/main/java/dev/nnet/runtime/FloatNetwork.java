package dev.nnet.runtime;

import dev.nnet.runtime.kernel.Batches;
import org.ejml.data.FMatrixRMaj;

/** A generated network computing in float: its input and target buffers, and {@link #predict}. */
public abstract class FloatNetwork extends GeneratedNetwork {
  /** The batch's input, one sample per row. */
  protected final FMatrixRMaj input;
  /** The batch's targets: a class index or a row of values per sample. */
  protected final float[] targets;

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

  @Override
  protected final void gatherInput(float[] features, int[] order, int from, int n) {
    input.reshape(n, inputSize());
    Batches.gather(features, inputSize(), order, from, n, input.data);
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
   * {@link #outputSize()}. Replaces the loaded batch; allocates nothing.
   */
  public final void predict(float[] sample, float[] result) {
    startPrediction(sample.length, result.length);
    input.reshape(1, inputSize());
    System.arraycopy(sample, 0, input.data, 0, inputSize());
    forwardLayers();
    System.arraycopy(outputBuffer().data, 0, result, 0, outputSize());
  }
}
