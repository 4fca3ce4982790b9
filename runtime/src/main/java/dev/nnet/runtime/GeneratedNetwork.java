package dev.nnet.runtime;

import dev.nnet.runtime.blas.MatMul;
import dev.nnet.runtime.blas.Parallel;
import dev.nnet.runtime.layer.PartRunner;
import java.util.List;
import java.util.Objects;

/**
 * What every generated network shares, so that the generated class keeps only what is specific to its model: sizes,
 * parameters and the straight-line forward and backward sequence. This class holds the batch bookkeeping (rows, whether
 * the batch has targets, whether a training pass ran), the checks of {@link #loadBatch}, {@link #forward} and
 * {@link #backward}, the accessors, the training buffers allocated at the first training step, and the scheduling
 * of a layer's parts on the matrix multiply's threads. {@link FloatNetwork} and {@link DoubleNetwork} add the input
 * and target buffers of each precision.
 *
 * <p>Not thread-safe: one instance per thread. Buffers are allocated for {@link #batchCapacity()} rows when
 * constructed (training buffers at the first training step), so no batch allocates.
 */
public abstract class GeneratedNetwork implements Network {
  private final String name;
  private final String fingerprint;
  private final int[] inputShape;
  private final int inputSize;
  private final int outputSize;
  /** Values in one target row: 1 (the class index) for class targets, else {@link #outputSize}. */
  protected final int targetSize;
  /** Whether targets are class indices, gathered as such. */
  protected final boolean classTargets;
  /** The most rows a batch may have; every buffer is allocated for it. */
  protected final int batchCapacity;
  /** Dropout's random source, its state derived from the seed of {@link #initialize}. */
  protected final Rng random = new Rng(0L);
  private List<Parameter> parameters = List.of();
  /** Rows in the current batch; every buffer is shaped for it. */
  protected int rows;
  private int threads;
  private boolean hasTargets;
  private boolean trainingBuffers;
  private boolean training;
  private boolean trainedForward;

  /**
   * @param inputShape one sample's shape, channels last
   * @param classTargets whether targets are class indices (one per row) rather than rows of output values
   */
  protected GeneratedNetwork(String name, String fingerprint, int[] inputShape, int outputSize, boolean classTargets,
      int batchCapacity) {
    if (batchCapacity <= 0) {
      throw new IllegalArgumentException("batchCapacity must be positive, got " + batchCapacity);
    }
    this.name = name;
    this.fingerprint = fingerprint;
    this.inputShape = inputShape.clone();
    int size = 1;
    for (int d : inputShape) {
      size *= d;
    }
    this.inputSize = size;
    this.outputSize = outputSize;
    this.classTargets = classTargets;
    this.targetSize = classTargets ? 1 : outputSize;
    this.batchCapacity = batchCapacity;
  }

  /** Sets the parameter list, in checkpoint order; the generated constructor calls it once. */
  protected final void parameters(Parameter... list) {
    parameters = List.of(list);
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final String fingerprint() {
    return fingerprint;
  }

  @Override
  public final int[] inputShape() {
    return inputShape.clone();
  }

  @Override
  public final int inputSize() {
    return inputSize;
  }

  @Override
  public final int outputSize() {
    return outputSize;
  }

  @Override
  public final List<Parameter> parameters() {
    return parameters;
  }

  @Override
  public final Rng random() {
    return random;
  }

  @Override
  public final int batchCapacity() {
    return batchCapacity;
  }

  /** Draws every parameter from {@code rng}, in layer order. */
  protected abstract void initialize(Rng rng);

  @Override
  public final void initialize(long seed) {
    Rng rng = new Rng(seed);
    initialize(rng);
    // dropout draws from its own stream, derived from the seed
    random.setState(rng.nextLong());
  }

  /**
   * {@inheritDoc}
   *
   * <p>A data set without targets (target size 0) can be run forward; its loss is NaN.
   */
  @Override
  public final void loadBatch(Dataset data, int[] order, int from, int n) {
    if (n <= 0 || n > batchCapacity) {
      throw new IllegalArgumentException("a batch has 1 to " + batchCapacity + " rows, got " + n);
    }
    if (data.featureSize() != inputSize) {
      throw new IllegalArgumentException(
          "the data has " + data.featureSize() + " values per sample, the model takes " + inputSize);
    }
    if (data.targetSize() != targetSize && data.targetSize() != 0) {
      throw new IllegalArgumentException(
          "the data has " + data.targetSize() + " targets per sample, the model's loss takes " + targetSize);
    }
    resize(n);
    trainedForward = false;
    gatherInput(data, order, from, n);
    hasTargets = data.targetSize() != 0;
    if (hasTargets) {
      gatherTargets(data.targets(), order, from, n);
    }
  }

  /** Copies the samples {@code order[from..from+n)} of {@code data}'s features into the input buffer. */
  protected abstract void gatherInput(Dataset data, int[] order, int from, int n);

  /** Copies their targets into the target buffer. */
  protected abstract void gatherTargets(float[] targets, int[] order, int from, int n);

  /**
   * {@inheritDoc}
   *
   * <p>NaN when the batch came without targets.
   */
  @Override
  public final double forward(boolean training) {
    if (rows == 0) {
      throw new IllegalStateException("no batch loaded: call loadBatch first");
    }
    if (training) {
      ensureTrainingBuffers();
    }
    this.training = training;
    forwardLayers();
    trainedForward = training;
    return hasTargets ? loss() : Double.NaN;
  }

  /**
   * Every layer's forward step, in order, over the current batch; layers that train differently (dropout, batch
   * normalization, max pooling recording its winners) ask {@link #training()}.
   */
  protected abstract void forwardLayers();

  /** Whether the forward pass running is a training one. */
  protected final boolean training() {
    return training;
  }

  /** The batch's mean loss, plus the L2 penalty of the regularised layers. */
  protected abstract double loss();

  @Override
  public final void backward() {
    if (!trainedForward || !hasTargets) {
      throw new IllegalStateException("backward() needs forward(true) on a batch with targets first");
    }
    backwardLayers();
  }

  /** The loss's gradient, then every layer's backward step, last layer first. */
  protected abstract void backwardLayers();

  @Override
  public final double output(int row, int j) {
    Objects.checkIndex(row, rows);
    Objects.checkIndex(j, outputSize);
    return outputValue(row * outputSize + j);
  }

  /** Value {@code i} of the output buffer. */
  protected abstract double outputValue(int i);

  /** Checks a sample's and a result's length and makes the next forward pass one inference sample. */
  protected final void startPrediction(int sampleLength, int resultLength) {
    if (sampleLength != inputSize || resultLength != outputSize) {
      throw new IllegalArgumentException("predict takes " + inputSize + " values and gives " + outputSize
          + ", got arrays of " + sampleLength + " and " + resultLength);
    }
    resize(1);
    hasTargets = false;
    trainedForward = false;
    training = false;
  }

  /** Shapes every buffer for {@code n} rows; a partial batch reuses the same arrays. */
  protected final void resize(int n) {
    rows = n;
    resizeBuffers(n, trainingBuffers);
  }

  /** Reshapes the buffers for {@code n} rows, the training ones too when {@code training}. */
  protected abstract void resizeBuffers(int n, boolean training);

  /**
   * Allocates what only training needs (gradients of activations, dropout masks) at the first training step, so
   * that a network used for inference never holds them.
   */
  private void ensureTrainingBuffers() {
    if (trainingBuffers) {
      return;
    }
    allocateTrainingBuffers();
    trainingBuffers = true;
    resize(rows);
  }

  /** Allocates the training buffers for {@link #batchCapacity} rows. */
  protected abstract void allocateTrainingBuffers();

  /**
   * Threads a layer's parts may run on: the matrix multiply's when first asked, one set of per-part buffers each.
   */
  protected final int threads() {
    if (threads == 0) {
      threads = MatMul.backend().threads();
    }
    return threads;
  }

  /**
   * Runs {@code job} cut into parts on the matrix multiply's threads, at most one part per item and per set of part
   * buffers, and returns how many parts it ran.
   */
  protected final int runParts(Parallel.Job job, int items) {
    return PartRunner.run(job, items, threads());
  }
}
