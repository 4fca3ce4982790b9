package dev.nnet.compiler.codegen;

import com.palantir.javapoet.CodeBlock;
import dev.nnet.compiler.model.Activation;
import dev.nnet.compiler.model.ActivationKind;

/**
 * Every activation's forward and backward call in generated code, in one place; each maps onto one pair of
 * kernels in {@code dev.nnet.runtime.kernel.Activations} ({@code relu}/{@code reluBackward}, ...).
 *
 * <p>Most derivatives can be written in terms of the output y, so the layer may apply the activation in place and
 * keep only y. Swish, mish and gelu need the input x: a layer using them keeps its pre-activation in a separate
 * buffer. What each activation is lives in {@link ActivationKind}; this class only spells the calls.
 */
public record ActivationCode(Activation activation) {
  public ActivationCode {
    ActivationKind.Alpha alpha = activation.kind().alpha();
    if (alpha != null && (activation.alpha() < 0 || (alpha.positive() && activation.alpha() == 0))) {
      // The y-based derivatives tell the sides of the kink apart by the sign of y, which needs these.
      throw new IllegalArgumentException(
          activation.kind().keyword() + " needs a positive alpha, got " + activation.alpha());
    }
  }

  public ActivationKind kind() {
    return activation.kind();
  }

  public boolean isLinear() {
    return kind() == ActivationKind.LINEAR;
  }

  /** True when the derivative needs the activation's input, so the forward pass must keep it. */
  public boolean backwardNeedsInput() {
    return kind().backwardNeedsInput();
  }

  /** The function and its derivative, for comments in generated code. */
  public String formula() {
    return kind().formula(activation.alpha());
  }

  /** y = f(x), field names of [rows, ·] matrices; x may be y. Empty for linear in place. */
  public CodeBlock forward(String x, String y, Extent extent) {
    // Switch expressions, so a new calling form that is not spelt here does not compile.
    return switch (kind().form()) {
      case IDENTITY -> x.equals(y)
          ? CodeBlock.of("")
          : CodeBlock.builder().addStatement("$T.arraycopy($L.data, $L, $L.data, $L, $L)", System.class, x,
              extent.from(), y, extent.from(), extent.count()).build();
      case ROWS -> CodeBlock.builder().addStatement("$T.$L($L.data, $L.data, $L, $L, $L)",
          RuntimeTypes.ACTIVATIONS, kind().kernel(), x, y, extent.from(), extent.rows(), extent.cols()).build();
      case VALUES_WITH_ALPHA -> CodeBlock.builder().addStatement("$T.$L($L.data, $L.data, $L, $L, $L)",
          RuntimeTypes.ACTIVATIONS, kind().kernel(), x, y, extent.from(), extent.count(), activation.alpha()).build();
      case VALUES -> CodeBlock.builder().addStatement("$T.$L($L.data, $L.data, $L, $L)",
          RuntimeTypes.ACTIVATIONS, kind().kernel(), x, y, extent.from(), extent.count()).build();
    };
  }

  /**
   * For a softmax whose categorical cross-entropy the loss fuses: declares the {@code double[]} (one value per row)
   * in which the forward step leaves each row's log Σ e^x, and returns its name; null for any other activation.
   */
  public String logSumExpBuffer(ClassBuilder cls, String layer) {
    return kind() != ActivationKind.SOFTMAX ? null : cls.doubleArray(layer, "logSumExp",
        CodeBlock.of(ClassBuilder.CAPACITY), "Each row's log Σ e^x, left by the softmax for the loss fused with it.");
  }

  /** {@link #forward}, also filling {@code logSumExp} (from {@link #logSumExpBuffer}) unless it is null. */
  public CodeBlock forward(String x, String y, Extent extent, String logSumExp) {
    if (logSumExp == null) {
      return forward(x, y, extent);
    }
    return CodeBlock.builder().addStatement("$T.$L($L.data, $L.data, $L, $L, $L, $L)", RuntimeTypes.ACTIVATIONS,
        kind().kernel(), x, y, extent.from(), extent.rows(), extent.cols(), logSumExp).build();
  }

  /**
   * dx = dy ⊙ f'(x), from the forward pass's x or y (field names); dx may be dy. Empty for linear in place.
   */
  public CodeBlock backward(String x, String y, String dy, String dx, Extent extent) {
    String kept = backwardNeedsInput() ? x : y;
    return switch (kind().form()) {
      case IDENTITY -> dy.equals(dx)
          ? CodeBlock.of("")
          : CodeBlock.builder().addStatement("$T.arraycopy($L.data, $L, $L.data, $L, $L)", System.class, dy,
              extent.from(), dx, extent.from(), extent.count()).build();
      case ROWS -> CodeBlock.builder().addStatement("$T.$LBackward($L.data, $L.data, $L.data, $L, $L, $L)",
          RuntimeTypes.ACTIVATIONS, kind().kernel(), kept, dy, dx, extent.from(), extent.rows(), extent.cols())
          .build();
      case VALUES_WITH_ALPHA -> CodeBlock.builder().addStatement(
          "$T.$LBackward($L.data, $L.data, $L.data, $L, $L, $L)", RuntimeTypes.ACTIVATIONS, kind().kernel(), kept,
          dy, dx, extent.from(), extent.count(), activation.alpha()).build();
      case VALUES -> CodeBlock.builder().addStatement("$T.$LBackward($L.data, $L.data, $L.data, $L, $L)",
          RuntimeTypes.ACTIVATIONS, kind().kernel(), kept, dy, dx, extent.from(), extent.count()).build();
    };
  }
}
