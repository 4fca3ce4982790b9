package dev.nnet.compiler.model;

import java.util.Optional;

/**
 * One layer of a checked model, with the shapes it consumes and produces. {@code name} is unique in the model and
 * a valid Java identifier fragment ({@code dense1}, {@code conv2}), used for generated members and checkpoints.
 *
 * <p>Each stage that treats layer kinds differently (code generation, export, fingerprint) does so through a
 * {@link Visitor}, and each kind states its own Keras name and cost: a new kind that misses any of them does not
 * compile.
 */
public sealed interface LayerSpec {
  String name();

  Shape inputShape();

  Shape outputShape();

  /** Keras' class name, so a summary reads like {@code model.summary()}: {@code Dense}, {@code Conv2D}, ... */
  String kerasName();

  /**
   * The forward pass's floating-point operations for one sample at inference; a multiply-add counts 2, an
   * activation other than linear 1 per value.
   */
  long forwardFlops();

  /**
   * The activation the layer applies last, which the task check and the loss read; empty when the layer passes its
   * input's values through unchanged at inference (dropout, flatten), linear when it applies none.
   */
  Optional<Activation> appliedActivation();

  /** Calls the visitor's method for this kind. */
  <R> R accept(Visitor<R> visitor);

  /** One method per layer kind. */
  interface Visitor<R> {
    R dense(Dense layer);

    R dropout(Dropout layer);

    R flatten(Flatten layer);

    R activation(ActivationLayer layer);

    R conv2d(Conv2d layer);

    R pool2d(Pool2d layer);

    R globalPool(GlobalPool layer);

    R batchNorm(BatchNorm layer);

    R layerNorm(LayerNorm layer);

    R embedding(Embedding layer);

    R recurrent(Recurrent layer);

    R bidirectional(Bidirectional layer);

    R conv1d(Conv1d layer);

    R pool1d(Pool1d layer);
  }

  /** Operations of an activation over {@code values}: one each, none for linear. */
  static long activationFlops(Activation activation, long values) {
    return activation.kind() == ActivationKind.LINEAR ? 0 : values;
  }

  /** Number of trainable parameters. */
  default long trainableParameters() {
    return 0;
  }

  /** Number of non-trainable parameters (batch normalization's moving statistics). */
  default long nonTrainableParameters() {
    return 0;
  }

  /** A fully connected layer: {@code y = activation(x W + b)}, W of shape [in, units]. */
  record Dense(
      String name,
      Shape inputShape,
      Shape outputShape,
      int units,
      Activation activation,
      Initializer kernelInitializer,
      boolean useBias,
      double l2)
      implements LayerSpec {
    @Override
    public String kerasName() {
      return "Dense";
    }

    @Override
    public long forwardFlops() {
      long out = outputShape.size();
      return 2L * inputShape.size() * units + (useBias ? out : 0) + activationFlops(activation, out);
    }

    @Override
    public Optional<Activation> appliedActivation() {
      return Optional.of(activation);
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.dense(this);
    }

    @Override
    public long trainableParameters() {
      return (long) inputShape.size() * units + (useBias ? units : 0);
    }
  }

  /** Inverted dropout: in training, zero each value with probability {@code rate} and scale the rest by 1/(1-rate). */
  record Dropout(String name, Shape inputShape, Shape outputShape, double rate) implements LayerSpec {
    @Override
    public String kerasName() {
      return "Dropout";
    }

    /** Free: the identity at inference. */
    @Override
    public long forwardFlops() {
      return 0;
    }

    @Override
    public Optional<Activation> appliedActivation() {
      return Optional.empty();
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.dropout(this);
    }
  }

  /** Reshape to one dimension; free at run time, since batches are stored row-major, channels last. */
  record Flatten(String name, Shape inputShape, Shape outputShape) implements LayerSpec {
    @Override
    public String kerasName() {
      return "Flatten";
    }

    @Override
    public long forwardFlops() {
      return 0;
    }

    @Override
    public Optional<Activation> appliedActivation() {
      return Optional.empty();
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.flatten(this);
    }
  }

  /** A standalone activation layer. */
  record ActivationLayer(String name, Shape inputShape, Shape outputShape, Activation activation)
      implements LayerSpec {
    @Override
    public String kerasName() {
      return "Activation";
    }

    @Override
    public long forwardFlops() {
      return activationFlops(activation, outputShape.size());
    }

    @Override
    public Optional<Activation> appliedActivation() {
      return Optional.of(activation);
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.activation(this);
    }
  }

  /** 2-D convolution over [height, width, channels] with a kernel of shape [kh, kw, in channels, filters]. */
  record Conv2d(
      String name,
      Shape inputShape,
      Shape outputShape,
      int filters,
      int kernelHeight,
      int kernelWidth,
      int strideHeight,
      int strideWidth,
      Padding padding,
      Activation activation,
      Initializer kernelInitializer,
      boolean useBias,
      double l2)
      implements LayerSpec {
    @Override
    public String kerasName() {
      return "Conv2D";
    }

    /** {@code 2·kh·kw·cin} per output value, plus the bias and the activation. */
    @Override
    public long forwardFlops() {
      long out = outputShape.size();
      long perOutput = 2L * kernelHeight * kernelWidth * inputShape.dim(2);
      return perOutput * out + (useBias ? out : 0) + activationFlops(activation, out);
    }

    @Override
    public Optional<Activation> appliedActivation() {
      return Optional.of(activation);
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.conv2d(this);
    }

    @Override
    public long trainableParameters() {
      return (long) kernelHeight * kernelWidth * inputShape.dim(2) * filters + (useBias ? filters : 0);
    }
  }

  /** Max or average pooling over [height, width, channels]. */
  record Pool2d(
      String name,
      Shape inputShape,
      Shape outputShape,
      PoolKind kind,
      int poolHeight,
      int poolWidth,
      int strideHeight,
      int strideWidth,
      Padding padding)
      implements LayerSpec {
    @Override
    public String kerasName() {
      return kind == PoolKind.MAX ? "MaxPooling2D" : "AveragePooling2D";
    }

    /** One per window element. */
    @Override
    public long forwardFlops() {
      return (long) poolHeight * poolWidth * outputShape.size();
    }

    @Override
    public Optional<Activation> appliedActivation() {
      return Optional.of(Activation.LINEAR);
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.pool2d(this);
    }
  }

  /**
   * The max or the mean of each channel over every position of a sequence [steps, c] or an image [h, w, c], giving
   * [c]. With {@code masked} (a sequence after an embedding's {@code mask_zero}), padded steps are left out of both,
   * as in Keras; a sample whose steps are all padding pools to 0.
   */
  record GlobalPool(String name, Shape inputShape, Shape outputShape, PoolKind kind, boolean masked)
      implements LayerSpec {
    /** The positions pooled over: steps, or height × width. */
    public int positions() {
      return inputShape.size() / channels();
    }

    public int channels() {
      return inputShape.dim(inputShape.rank() - 1);
    }

    @Override
    public String kerasName() {
      return "Global" + (kind == PoolKind.MAX ? "Max" : "Average") + "Pooling" + (inputShape.rank() - 1) + "D";
    }

    /** One per input value. */
    @Override
    public long forwardFlops() {
      return inputShape.size();
    }

    @Override
    public Optional<Activation> appliedActivation() {
      return Optional.of(Activation.LINEAR);
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.globalPool(this);
    }
  }

  /**
   * Batch normalization over the last axis: batch statistics in training, moving averages at inference
   * ({@code moving = momentum * moving + (1 - momentum) * batch}, Keras' convention).
   */
  record BatchNorm(String name, Shape inputShape, Shape outputShape, double momentum, double epsilon)
      implements LayerSpec {
    @Override
    public String kerasName() {
      return "BatchNormalization";
    }

    /** Scale and shift: at inference the moving statistics fold into them. */
    @Override
    public long forwardFlops() {
      return 2L * outputShape.size();
    }

    @Override
    public Optional<Activation> appliedActivation() {
      return Optional.of(Activation.LINEAR);
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.batchNorm(this);
    }

    @Override
    public long trainableParameters() {
      return 2L * channels();
    }

    @Override
    public long nonTrainableParameters() {
      return 2L * channels();
    }

    public int channels() {
      return inputShape.dim(inputShape.rank() - 1);
    }
  }

  /**
   * Layer normalization over the last axis (Keras' {@code LayerNormalization}): each vector of {@link #features}
   * values normalized by its own mean and variance, {@code y = γ·(x − μ)/√(σ² + ε) + β}, the same in training and
   * at inference. For a [h, w, c] feature map the vectors are the pixels' c channels.
   */
  record LayerNorm(String name, Shape inputShape, Shape outputShape, double epsilon) implements LayerSpec {
    public int features() {
      return inputShape.dim(inputShape.rank() - 1);
    }

    /** γ and β, one each per feature. */
    @Override
    public long trainableParameters() {
      return 2L * features();
    }

    @Override
    public String kerasName() {
      return "LayerNormalization";
    }

    /** Per value: the mean (1), the variance (2), then normalize, scale and shift (2, the factors folded). */
    @Override
    public long forwardFlops() {
      return 5L * outputShape.size();
    }

    @Override
    public Optional<Activation> appliedActivation() {
      return Optional.of(Activation.LINEAR);
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.layerNorm(this);
    }
  }

  /**
   * Keras' {@code Embedding}: token ids [length] to vectors [length, outputDim], row {@code id} of a table of
   * {@code inputDim} rows. With {@code maskZero}, id 0 is padding: the layers after it that support masking skip
   * those steps.
   */
  record Embedding(String name, Shape inputShape, Shape outputShape, int inputDim, int outputDim, boolean maskZero)
      implements LayerSpec {
    /** The sequence length. */
    public int steps() {
      return inputShape.dim(0);
    }

    @Override
    public String kerasName() {
      return "Embedding";
    }

    /** A copy: no arithmetic. */
    @Override
    public long forwardFlops() {
      return 0;
    }

    @Override
    public Optional<Activation> appliedActivation() {
      return Optional.of(Activation.LINEAR);
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.embedding(this);
    }

    @Override
    public long trainableParameters() {
      return (long) inputDim * outputDim;
    }
  }

  /**
   * A recurrent layer over [steps, features] (Keras' {@code GRU}, {@code LSTM}, {@code SimpleRNN}): the state after
   * the last step [units] or, with {@code returnSequences}, after every step [steps, units]. The kernel W is
   * [features, gates·units] and the recurrent kernel U [units, gates·units], gate blocks in Keras' order; the bias
   * is [2, 3·units] for a GRU (reset_after: one row added to x·W, one to h·U) and [gates·units] otherwise. tanh and
   * sigmoid are the activation and the recurrent activation. {@code masked}: the input carries an embedding's mask,
   * whose padded steps leave the state unchanged.
   */
  record Recurrent(
      String name,
      Shape inputShape,
      Shape outputShape,
      Cell cell,
      int units,
      boolean useBias,
      Initializer kernelInitializer,
      Initializer recurrentInitializer,
      boolean unitForgetBias,
      boolean returnSequences,
      boolean masked)
      implements LayerSpec {
    public int steps() {
      return inputShape.dim(0);
    }

    public int features() {
      return inputShape.dim(1);
    }

    /** The bias's values: a GRU's two rows, or one per gate and unit. */
    public int biasSize() {
      return (cell == Cell.GRU ? 2 : 1) * cell.gates() * units;
    }

    @Override
    public long trainableParameters() {
      long gates = (long) cell.gates() * units;
      return gates * features() + gates * units + (useBias ? biasSize() : 0);
    }

    @Override
    public String kerasName() {
      return cell.kerasName();
    }

    /** Per step the two products and, per gate value, a few operations for the gates and the state. */
    @Override
    public long forwardFlops() {
      long gates = (long) cell.gates() * units;
      return steps() * (2L * gates * (features() + units) + 4L * gates);
    }

    @Override
    public Optional<Activation> appliedActivation() {
      return Optional.of(Activation.of(ActivationKind.TANH));
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.recurrent(this);
    }
  }

  /**
   * Keras' {@code Bidirectional} with merge_mode "concat": {@code forward} reads the steps first to last,
   * {@code backward} (the same layer with its own weights) last to first, and the output is the two outputs side by
   * side, [2·units] or, with return_sequences, [steps, 2·units], the backward half of each step at the step's own
   * position.
   */
  record Bidirectional(String name, Shape inputShape, Shape outputShape, Recurrent forward, Recurrent backward)
      implements LayerSpec {
    @Override
    public long trainableParameters() {
      return forward.trainableParameters() + backward.trainableParameters();
    }

    @Override
    public String kerasName() {
      return "Bidirectional";
    }

    @Override
    public long forwardFlops() {
      return forward.forwardFlops() + backward.forwardFlops();
    }

    @Override
    public Optional<Activation> appliedActivation() {
      return Optional.of(Activation.of(ActivationKind.TANH));
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.bidirectional(this);
    }
  }

  /** The recurrent cells, with their gate counts (the blocks of the kernels' columns) and Keras' class names. */
  enum Cell {
    SIMPLE_RNN("simple_rnn", "SimpleRNN", 1),
    GRU("gru", "GRU", 3),
    LSTM("lstm", "LSTM", 4);

    private final String keyword;
    private final String kerasName;
    private final int gates;

    Cell(String keyword, String kerasName, int gates) {
      this.keyword = keyword;
      this.kerasName = kerasName;
      this.gates = gates;
    }

    public String keyword() {
      return keyword;
    }

    public String kerasName() {
      return kerasName;
    }

    public int gates() {
      return gates;
    }
  }

  /**
   * 1-D convolution over a sequence [steps, channels] with a kernel of shape [kernel_size, in channels, filters]
   * (Keras' Conv1D), giving [steps', filters]. A sequence is stored as a 1 × steps image, so it runs as the
   * {@link #asConv2d 2-D convolution} with a 1 × kernel_size kernel; causal padding puts kernel_size − 1 zeros
   * before the first step.
   */
  record Conv1d(
      String name,
      Shape inputShape,
      Shape outputShape,
      int filters,
      int kernelSize,
      int stride,
      Padding padding,
      Activation activation,
      Initializer kernelInitializer,
      boolean useBias,
      double l2)
      implements LayerSpec {
    @Override
    public String kerasName() {
      return "Conv1D";
    }

    /** {@code 2·k·cin} per output value, plus the bias and the activation. */
    @Override
    public long forwardFlops() {
      return asConv2d().forwardFlops();
    }

    @Override
    public Optional<Activation> appliedActivation() {
      return Optional.of(activation);
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.conv1d(this);
    }

    @Override
    public long trainableParameters() {
      return asConv2d().trainableParameters();
    }

    /** The same convolution over the sequence as a 1 × steps image: the same values, stored the same way. */
    public Conv2d asConv2d() {
      return new Conv2d(name, image(inputShape), image(outputShape), filters, 1, kernelSize, 1, stride, padding,
          activation, kernelInitializer, useBias, l2);
    }
  }

  /**
   * Max or average pooling over windows of a sequence's steps, per channel (Keras' MaxPooling1D and
   * AveragePooling1D); runs as the {@link #asPool2d 2-D pooling} of a 1 × steps image.
   */
  record Pool1d(
      String name, Shape inputShape, Shape outputShape, PoolKind kind, int poolSize, int stride, Padding padding)
      implements LayerSpec {
    @Override
    public String kerasName() {
      return kind == PoolKind.MAX ? "MaxPooling1D" : "AveragePooling1D";
    }

    /** One per window element. */
    @Override
    public long forwardFlops() {
      return (long) poolSize * outputShape.size();
    }

    @Override
    public Optional<Activation> appliedActivation() {
      return Optional.of(Activation.LINEAR);
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.pool1d(this);
    }

    /** The same pooling over the sequence as a 1 × steps image. */
    public Pool2d asPool2d() {
      return new Pool2d(name, image(inputShape), image(outputShape), kind, 1, poolSize, 1, stride, padding);
    }
  }

  /** A sequence [steps, channels] as the image [1, steps, channels], which is stored the same way. */
  private static Shape image(Shape sequence) {
    if (sequence.rank() != 2) {
      throw new IllegalArgumentException("a sequence is [steps, channels], got " + sequence);
    }
    return Shape.of(1, sequence.dim(0), sequence.dim(1));
  }

  /** Which reduction a pooling layer applies. */
  enum PoolKind {
    MAX,
    AVERAGE
  }
}
