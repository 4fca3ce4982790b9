package dev.nnet.compiler.codegen;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import dev.nnet.compiler.model.Activation;
import dev.nnet.compiler.model.ActivationLayerSpec;
import dev.nnet.compiler.model.BatchNormSpec;
import dev.nnet.compiler.model.BidirectionalSpec;
import dev.nnet.compiler.model.Conv1dSpec;
import dev.nnet.compiler.model.Conv2dSpec;
import dev.nnet.compiler.model.DenseSpec;
import dev.nnet.compiler.model.DropoutSpec;
import dev.nnet.compiler.model.EmbeddingSpec;
import dev.nnet.compiler.model.FlattenSpec;
import dev.nnet.compiler.model.GlobalPoolSpec;
import dev.nnet.compiler.model.LayerNormSpec;
import dev.nnet.compiler.model.LayerSpec;
import dev.nnet.compiler.model.Pool1dSpec;
import dev.nnet.compiler.model.Pool2dSpec;
import dev.nnet.compiler.model.RecurrentSpec;
import java.util.List;
import java.util.Optional;

/**
 * The generated code of one layer kind: its constants, parameters and buffers, and its forward and backward steps
 * side by side. One implementation per kind; adding a layer kind means adding one here and, at most, one kernel in
 * the runtime.
 *
 * <p>An emitter is made per layer and used in two phases: {@link #declare} (in layer order) adds members to the
 * class and returns the output tensor; then {@link #forward} and {@link #backward} return the layer's methods.
 */
interface LayerEmitter {
  static LayerEmitter of(LayerSpec layer) {
    return layer.accept(
        new LayerSpec.Visitor<LayerEmitter>() {
          @Override
          public LayerEmitter dense(DenseSpec d) {
            return new DenseEmitter(d);
          }

          @Override
          public LayerEmitter dropout(DropoutSpec d) {
            return new DropoutEmitter(d);
          }

          @Override
          public LayerEmitter flatten(FlattenSpec f) {
            return new FlattenEmitter(f);
          }

          @Override
          public LayerEmitter activation(ActivationLayerSpec a) {
            return new ActivationLayerEmitter(a);
          }

          @Override
          public LayerEmitter conv2d(Conv2dSpec c) {
            return new Conv2dEmitter(c);
          }

          @Override
          public LayerEmitter pool2d(Pool2dSpec p) {
            return new Pool2dEmitter(p);
          }

          @Override
          public LayerEmitter globalPool(GlobalPoolSpec g) {
            return new GlobalPoolEmitter(g);
          }

          @Override
          public LayerEmitter batchNorm(BatchNormSpec b) {
            return new BatchNormEmitter(b);
          }

          @Override
          public LayerEmitter layerNorm(LayerNormSpec l) {
            return new LayerNormEmitter(l);
          }

          @Override
          public LayerEmitter conv1d(Conv1dSpec c) {
            return new Conv2dEmitter(c.asConv2d()); // a sequence is stored as a 1 × steps image
          }

          @Override
          public LayerEmitter pool1d(Pool1dSpec p) {
            return new Pool2dEmitter(p.asPool2d());
          }

          @Override
          public LayerEmitter recurrent(RecurrentSpec r) {
            return new RecurrentEmitter(r);
          }

          @Override
          public LayerEmitter bidirectional(BidirectionalSpec b) {
            return new RecurrentEmitter(b);
          }

          @Override
          public LayerEmitter embedding(EmbeddingSpec e) {
            return new EmbeddingEmitter(e);
          }
        });
  }

  LayerSpec spec();

  /**
   * Adds the layer's constants, parameters and buffers, and says where its output lives.
   *
   * @param input the tensor the layer reads; its gradient is null when the backward pass need not reach it
   * @param outputGradient whether the backward pass reaches the output (some layer at or before this one has
   *     parameters, or the input gradient was asked for)
   */
  Tensor declare(ClassBuilder cls, Tensor input, boolean outputGradient);

  /**
   * The forward step, reading the input tensor and writing the output tensor; a layer that trains differently asks
   * the base class's {@code training()}. Empty when the layer is free (flatten).
   */
  Optional<MethodSpec> forward();

  /** Why {@link #forward} is empty, for a comment where the step would be: a flatten's buffers are already flat. */
  default String whyNoForwardStep() {
    return "free, the buffers are already laid out flat";
  }

  /**
   * The backward step: from the output's gradient, the parameters' gradients and, when the input has a gradient
   * buffer, the input's gradient. Empty when there is nothing to compute.
   *
   * @param activationFusedWithLoss the loss already wrote d(loss)/dz, so the activation's own backward is skipped
   */
  Optional<MethodSpec> backward(boolean activationFusedWithLoss);

  /**
   * The methods {@code forward} and {@code backward} hand to {@code runParts}: each runs one part of the step (a
   * range of samples or chunks) on one thread. Empty for a layer that runs in one piece.
   *
   * @param activationFusedWithLoss as for {@link #backward}
   */
  default List<MethodSpec> partMethods(boolean activationFusedWithLoss) {
    return List.of();
  }

  /** The activation applied last, which the loss may fuse with. */
  default Activation activation() {
    return Activation.LINEAR;
  }

  /**
   * Asks the layer, before {@link #declare}, to keep its activation's input z (the logits) intact beside its output:
   * the loss fused with its softmax or sigmoid computes its value from them. Only layers that can end a network in
   * a softmax or sigmoid act on it.
   */
  default void keepLogits() {}

  /** The buffer holding the logits after the forward step, when {@link #keepLogits} was asked and honoured. */
  default Optional<String> logits() {
    return Optional.empty();
  }

  /** The statement adding this layer's L2 penalty to the local {@code penalty}, when it has one. */
  default Optional<CodeBlock> penalty() {
    return Optional.empty();
  }

  /**
   * Tells the layer, before {@link #declare}, which layer comes next, so that the two can share work (an
   * embedding lets the recurrent layer after it look the token ids up itself).
   */
  default void precedes(LayerEmitter next) {}

  /**
   * Offers the layer, before {@link #declare}, to read its input as token ids through the table of the embedding
   * before it instead of from the embedding's output; returns whether it will. The embedding then computes nothing
   * but its mask, and this layer writes the table's gradient.
   */
  default boolean looksUp(EmbeddingEmitter embedding) {
    return false;
  }

  /** Whether the layer has trainable parameters (so the backward pass must reach it). */
  default boolean hasParameters() {
    return spec().trainableParameters() > 0;
  }
}
