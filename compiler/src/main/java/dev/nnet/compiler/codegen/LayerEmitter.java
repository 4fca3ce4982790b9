package dev.nnet.compiler.codegen;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import dev.nnet.compiler.model.Activation;
import dev.nnet.compiler.model.LayerSpec;
import java.util.List;
import java.util.Optional;

/**
 * The generated code of one layer: its constants, parameters and buffers, and its forward and backward steps side
 * by side. Each layer kind has its implementation in its own package under {@code dev.nnet.compiler.layers}, beside
 * its spec, which makes it ({@link Source}); adding a layer kind touches that package and, at most, one kernel in
 * the runtime.
 *
 * <p>An emitter is made per layer and used in two phases: {@link #declare} (in layer order) adds members to the
 * class and returns the output tensor; then {@link #forward} and {@link #backward} return the layer's methods.
 */
public interface LayerEmitter {
  /** What every layer spec is: the maker of its emitter ({@code dev.nnet.compiler.layers.Layer} extends it). */
  interface Source {
    /** A new emitter for this layer, for one generated class. */
    LayerEmitter emitter();
  }

  /**
   * The emitter of {@code layer}. Every layer kind's spec is a {@link Source} (its package's record implements
   * {@code Layer}, and {@code LayerTableTest} checks that every {@link LayerSpec} does).
   */
  static LayerEmitter of(LayerSpec layer) {
    return ((Source) layer).emitter();
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

  /**
   * Methods of the {@code Network} interface that this layer answers for the whole network (an embedding reading
   * the input says how many token ids it takes). Empty for most layers.
   */
  default List<MethodSpec> networkMethods() {
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

  /**
   * When {@link #keepLogits} was asked of a layer ending in softmax: the {@code double[]} in which its forward step
   * leaves each row's log Σ e^z, so that the loss does not compute the exponentials again.
   */
  default Optional<String> logSumExp() {
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
  default boolean looksUp(TokenTable embedding) {
    return false;
  }

  /** An embedding's table, as the layer after it reads it in {@link #looksUp}; both are known after declare. */
  interface TokenTable {
    /** The token ids, the embedding's input. */
    Tensor ids();

    /** The table, input_dim rows of output_dim values. */
    Param table();
  }

  /** Whether the layer has trainable parameters (so the backward pass must reach it). */
  default boolean hasParameters() {
    return spec().trainableParameters() > 0;
  }
}
