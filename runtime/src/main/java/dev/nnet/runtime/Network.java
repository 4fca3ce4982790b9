package dev.nnet.runtime;

import java.util.List;

/**
 * A compiled network, as generated code implements it. It owns preallocated buffers for up to
 * {@link #batchCapacity()} samples; the trainer, evaluators and predictors drive it through this interface, one
 * batch at a time, and allocate nothing per batch.
 *
 * <p>A training step is {@code loadBatch}, {@code forward(true)}, {@code backward()}, then an optimizer updating
 * {@link #parameters()} from their gradients.
 */
public interface Network {
  /** The model's name (its Java class name). */
  String name();

  /** A hash of the architecture (layers, shapes, precision): checkpoints are refused for another fingerprint. */
  String fingerprint();

  /** The shape of one input sample, channels last. */
  int[] inputShape();

  /** Number of values in one input sample. */
  int inputSize();

  /** Number of values in one output row. */
  int outputSize();

  /**
   * For a model whose input is token ids (an embedding right after {@code input tokens(...)} or
   * {@code input text(...)}): how many ids its embedding has rows for (Keras' {@code input_dim}), so that data readers
   * can refuse a bad id naming its row ({@link dev.nnet.runtime.data.TokenIds}; a text model's ids come from its
   * vocabulary, which is never larger); 0 for every other model.
   */
  default int vocabularySize() {
    return 0;
  }

  /** True when the network computes in float64, false for float32. */
  boolean isDouble();

  /** Every parameter, trainable or not, in a stable order (the checkpoint order). */
  List<Parameter> parameters();

  /** Sets every parameter to its initializer's draw from a generator seeded with {@code seed}; deterministic. */
  void initialize(long seed);

  /** The random source of dropout; its state is part of a checkpoint. */
  Rng random();

  /** Maximum number of rows in one batch. */
  int batchCapacity();

  /**
   * Copies rows {@code order[from]}, ..., {@code order[from + n - 1]} of {@code data} into the input (and target)
   * buffers; {@code 0 < n <= batchCapacity()}. Features are converted to the network's precision here, once.
   */
  void loadBatch(Dataset data, int[] order, int from, int n);

  /**
   * Runs the loaded batch forward. In training, dropout is active and batch normalization uses batch statistics.
   *
   * @return the mean loss over the batch's rows plus the L2 penalty of the regularised layers, as Keras reports it
   */
  double forward(boolean training);

  /** After {@code forward(true)}, sets every trainable parameter's gradient to d(loss)/d(parameter). */
  void backward();

  /** Output {@code j} of row {@code row} of the last forward pass (class probabilities, or regression values). */
  double output(int row, int j);
}
