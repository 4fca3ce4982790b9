package dev.nnet.compiler.codegen;

import com.palantir.javapoet.CodeBlock;
import dev.nnet.compiler.model.Activation;
import dev.nnet.compiler.model.ActivationKind;

/**
 * Every activation's forward and backward call in generated code, in one place; each maps onto one pair of
 * kernels in {@code dev.nnet.runtime.kernel.Activations} ({@code relu}/{@code reluBackward}, ...).
 *
 * <p>Most derivatives can be written in terms of the output y, so the layer may apply the activation in place and
 * keep only y. Swish and gelu need the input x: a layer using them keeps its pre-activation in a separate buffer.
 */
record ActivationCode(Activation activation) {
  ActivationCode {
    if ((activation.kind() == ActivationKind.LEAKY_RELU && activation.alpha() < 0)
        || (activation.kind() == ActivationKind.ELU && activation.alpha() <= 0)) {
      // The y-based derivatives tell the sides of the kink apart by the sign of y, which needs these.
      throw new IllegalArgumentException(
          activation.kind().keyword() + " needs a positive alpha, got " + activation.alpha());
    }
  }

  ActivationKind kind() {
    return activation.kind();
  }

  boolean isLinear() {
    return kind() == ActivationKind.LINEAR;
  }

  /** True when the derivative needs the activation's input, so the forward pass must keep it. */
  boolean backwardNeedsInput() {
    return kind() == ActivationKind.SWISH || kind() == ActivationKind.GELU;
  }

  /** The function and its derivative, for comments in generated code. */
  String formula() {
    double a = activation.alpha();
    return switch (kind()) {
      case LINEAR -> "linear(z) = z";
      case RELU -> "relu(z) = max(0, z), relu' = [y > 0]";
      case LEAKY_RELU -> "leaky_relu(z) = z if z > 0 else " + a + "·z, derivative 1 or " + a;
      case ELU -> "elu(z) = z if z > 0 else " + a + "·(e^z − 1), derivative 1 or y + " + a;
      case SIGMOID -> "sigmoid(z) = 1 / (1 + e^−z), sigmoid' = y·(1 − y)";
      case TANH -> "tanh(z), tanh' = 1 − y²";
      case SOFTMAX -> "softmax(z) = e^z / Σ e^z over the last axis, dz = y ⊙ (dy − Σ dy ⊙ y)";
      case SOFTPLUS -> "softplus(z) = log(1 + e^z), softplus' = 1 − e^−y";
      case SWISH -> "swish(z) = z·sigmoid(z), swish' = s + z·s·(1 − s) with s = sigmoid(z)";
      case GELU -> "gelu(z) = z·Φ(z), gelu' = Φ(z) + z·φ(z) (exact, with erf)";
    };
  }

  /** y = f(x), field names of [rows, ·] matrices; x may be y. Empty for linear in place. */
  CodeBlock forward(String x, String y, Extent extent) {
    CodeBlock.Builder code = CodeBlock.builder();
    switch (kind()) {
      case LINEAR -> {
        if (!x.equals(y)) {
          code.addStatement("$T.arraycopy($L.data, $L, $L.data, $L, $L)", System.class, x, extent.from(), y,
              extent.from(), extent.count());
        }
      }
      case SOFTMAX -> code.addStatement("$T.softmax($L.data, $L.data, $L, $L, $L)",
          RuntimeTypes.ACTIVATIONS, x, y, extent.from(), extent.rows(), extent.cols());
      case LEAKY_RELU, ELU -> code.addStatement(
          "$T.$L($L.data, $L.data, $L, $L, $L)",
          RuntimeTypes.ACTIVATIONS, kernel(), x, y, extent.from(), extent.count(), activation.alpha());
      default -> code.addStatement(
          "$T.$L($L.data, $L.data, $L, $L)", RuntimeTypes.ACTIVATIONS, kernel(), x, y, extent.from(), extent.count());
    }
    return code.build();
  }

  /**
   * dx = dy ⊙ f'(x), from the forward pass's x or y (field names); dx may be dy. Empty for linear in place.
   */
  CodeBlock backward(String x, String y, String dy, String dx, Extent extent) {
    CodeBlock.Builder code = CodeBlock.builder();
    String kept = backwardNeedsInput() ? x : y;
    switch (kind()) {
      case LINEAR -> {
        if (!dy.equals(dx)) {
          code.addStatement("$T.arraycopy($L.data, $L, $L.data, $L, $L)", System.class, dy, extent.from(), dx,
              extent.from(), extent.count());
        }
      }
      case SOFTMAX -> code.addStatement(
          "$T.softmaxBackward($L.data, $L.data, $L.data, $L, $L, $L)",
          RuntimeTypes.ACTIVATIONS, y, dy, dx, extent.from(), extent.rows(), extent.cols());
      case LEAKY_RELU, ELU -> code.addStatement(
          "$T.$LBackward($L.data, $L.data, $L.data, $L, $L, $L)",
          RuntimeTypes.ACTIVATIONS, kernel(), kept, dy, dx, extent.from(), extent.count(), activation.alpha());
      default -> code.addStatement(
          "$T.$LBackward($L.data, $L.data, $L.data, $L, $L)",
          RuntimeTypes.ACTIVATIONS, kernel(), kept, dy, dx, extent.from(), extent.count());
    }
    return code.build();
  }

  /** The kernel's method name: the keyword in camel case. */
  private String kernel() {
    return switch (kind()) {
      case LEAKY_RELU -> "leakyRelu";
      default -> kind().keyword();
    };
  }
}
