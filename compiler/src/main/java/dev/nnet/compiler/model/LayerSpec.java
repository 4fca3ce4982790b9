package dev.nnet.compiler.model;

/**
 * One layer of a checked model, with the shapes it consumes and produces. {@code name} is unique in the model and
 * a valid Java identifier fragment ({@code dense1}, {@code conv2}), used for generated members and checkpoints.
 */
public sealed interface LayerSpec {
  String name();

  Shape inputShape();

  Shape outputShape();

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
    public long trainableParameters() {
      return (long) inputShape.size() * units + (useBias ? units : 0);
    }
  }

  /** Inverted dropout: in training, zero each value with probability {@code rate} and scale the rest by 1/(1-rate). */
  record Dropout(String name, Shape inputShape, Shape outputShape, double rate) implements LayerSpec {}

  /** Reshape to one dimension; free at run time, since batches are stored row-major, channels last. */
  record Flatten(String name, Shape inputShape, Shape outputShape) implements LayerSpec {}

  /** A standalone activation layer. */
  record ActivationLayer(String name, Shape inputShape, Shape outputShape, Activation activation)
      implements LayerSpec {}

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
      implements LayerSpec {}

  /** Mean over height and width: [h, w, c] to [c]. */
  record GlobalAveragePool2d(String name, Shape inputShape, Shape outputShape) implements LayerSpec {}

  /**
   * Batch normalization over the last axis: batch statistics in training, moving averages at inference
   * ({@code moving = momentum * moving + (1 - momentum) * batch}, Keras' convention).
   */
  record BatchNorm(String name, Shape inputShape, Shape outputShape, double momentum, double epsilon)
      implements LayerSpec {
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

  /** Which reduction a pooling layer applies. */
  enum PoolKind {
    MAX,
    AVERAGE
  }
}
