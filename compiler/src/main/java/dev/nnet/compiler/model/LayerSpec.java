package dev.nnet.compiler.model;

import java.util.Optional;

/**
 * One layer of a checked model, with the shapes it consumes and produces. {@code name} is unique in the model and
 * a valid Java identifier fragment ({@code dense1}, {@code conv2}), used for generated members and checkpoints.
 *
 * <p>Each stage that treats layer kinds differently (code generation, export, fingerprint) does so through a
 * {@link Visitor}, and each kind states its own Keras name and cost: a new kind that misses any of them does not
 * compile. Each kind is a record of its own in this package, named after it: {@link DenseSpec},
 * {@link Conv2dSpec}, {@link RecurrentSpec}, ...
 */
public sealed interface LayerSpec
    permits DenseSpec, DropoutSpec, FlattenSpec, ActivationLayerSpec, Conv2dSpec, Pool2dSpec, GlobalPoolSpec,
        BatchNormSpec, LayerNormSpec, EmbeddingSpec, RecurrentSpec, BidirectionalSpec, Conv1dSpec, Pool1dSpec {
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
    R dense(DenseSpec layer);

    R dropout(DropoutSpec layer);

    R flatten(FlattenSpec layer);

    R activation(ActivationLayerSpec layer);

    R conv2d(Conv2dSpec layer);

    R pool2d(Pool2dSpec layer);

    R globalPool(GlobalPoolSpec layer);

    R batchNorm(BatchNormSpec layer);

    R layerNorm(LayerNormSpec layer);

    R embedding(EmbeddingSpec layer);

    R recurrent(RecurrentSpec layer);

    R bidirectional(BidirectionalSpec layer);

    R conv1d(Conv1dSpec layer);

    R pool1d(Pool1dSpec layer);
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
}
