package dev.nnet.compiler.codegen;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import dev.nnet.compiler.model.Activation;
import dev.nnet.compiler.model.ActivationKind;
import dev.nnet.compiler.model.Loss;
import dev.nnet.compiler.model.LossKind;
import dev.nnet.compiler.model.Shape;
import java.util.Optional;
import javax.lang.model.element.Modifier;

/**
 * Every loss's value and gradient in generated code, in one place; each maps onto kernels in
 * {@code dev.nnet.runtime.kernel.Losses}, whose Javadoc states the formulas.
 *
 * <p>Categorical cross-entropies (sparse or not) read one class index per row; the other losses read one target
 * per output. Softmax followed by categorical cross-entropy, and sigmoid followed by binary cross-entropy, are
 * fused: the loss writes d(loss)/dz = (p − y) / n straight into the last layer's gradient, which then skips its
 * activation's backward step.
 */
record LossCode(Loss loss) {
  /** True when targets are class indices, one per row, rather than one value per output. */
  boolean classTargets() {
    return loss.kind() == LossKind.CATEGORICAL_CROSSENTROPY
        || loss.kind() == LossKind.SPARSE_CATEGORICAL_CROSSENTROPY;
  }

  /** True when the loss takes over the backward step of {@code activation}, the network's last. */
  boolean fuses(Activation activation, Shape output) {
    return (classTargets() && activation.kind() == ActivationKind.SOFTMAX && output.rank() == 1)
        || (loss.kind() == LossKind.BINARY_CROSSENTROPY && activation.kind() == ActivationKind.SIGMOID);
  }

  /** The formula, for the generated Javadoc; p is the network's output, t the target, ε = 1e-7. */
  String formula() {
    return switch (loss.kind()) {
      case MEAN_SQUARED_ERROR -> "mean_squared_error: L = mean over rows and outputs of (p − t)²";
      case MEAN_ABSOLUTE_ERROR -> "mean_absolute_error: L = mean over rows and outputs of |p − t|";
      case EUCLIDEAN -> "euclidean: L = mean over rows of ‖t − p‖₂";
      case HUBER -> "huber (δ = " + loss.delta() + "): L = mean over rows and outputs of e²/2 if |e| <= δ, else"
          + " δ·(|e| − δ/2), e = p − t";
      case BINARY_CROSSENTROPY -> "binary_crossentropy: L = mean over rows and outputs of"
          + " −(t·log q + (1 − t)·log(1 − q)), q = clip(p, ε, 1 − ε)";
      case CATEGORICAL_CROSSENTROPY, SPARSE_CATEGORICAL_CROSSENTROPY -> loss.kind().keyword()
          + ": L = mean over rows of −log clip(p[t], ε, 1 − ε), t the row's class index";
    };
  }

  /**
   * {@code protected double loss()}: the mean loss of the batch in {@code output}, or from the {@code logits} of the
   * softmax or sigmoid the loss fuses with (log-sum-exp, as Keras computes it: exact where a probability
   * underflows, so the loss reported and monitored is the one whose gradient training follows; the softmax's
   * forward step leaves each row's log-sum-exp in {@code logSumExp}), plus the L2 penalty when {@code penalty}.
   */
  MethodSpec value(Tensor output, Optional<String> logits, Optional<String> logSumExp, String targets, String delta,
      boolean penalty) {
    CodeBlock args = CodeBlock.of("$L.data, $L, $L, $L", logits.orElse(output.value()), targets, ClassBuilder.ROWS,
        output.size());
    CodeBlock call;
    String formula = formula();
    if (logits.isPresent()) {
      boolean softmax = classTargets();
      call = softmax
          ? CodeBlock.of("$T.softmaxCategoricalCrossentropy($L.data, $L, $L, $L, $L)", RuntimeTypes.LOSSES,
              logits.get(), logSumExp.orElseThrow(() -> new IllegalStateException("softmax kept no log-sum-exp")),
              targets, ClassBuilder.ROWS, output.size())
          : CodeBlock.of("$T.sigmoidBinaryCrossentropy($L)", RuntimeTypes.LOSSES, args);
      formula = softmax
          ? loss.kind().keyword() + " of softmax(z), from the logits z: L = mean over rows of log Σⱼ e^zⱼ − z[t],\n"
              + "t the row's class index"
          : "binary_crossentropy of sigmoid(z), from the logits z: L = mean over rows and outputs of"
              + " max(z, 0) − z·t + log(1 + e^(−|z|))";
    } else {
      call = switch (loss.kind()) {
        case HUBER -> CodeBlock.of("$T.huber($L, $L)", RuntimeTypes.LOSSES, args, delta);
        default -> CodeBlock.of("$T.$L($L)", RuntimeTypes.LOSSES, kernel(), args);
      };
    }
    return MethodSpec.methodBuilder("loss")
        .addJavadoc("$L$L.\n", formula, penalty ? ", plus the L2 penalty" : "")
        .addAnnotation(Override.class)
        .addModifiers(Modifier.PROTECTED)
        .returns(TypeName.DOUBLE)
        .addStatement(penalty ? "return $L + penalty()" : "return $L", call)
        .build();
  }

  /**
   * The first statement of the backward pass, with its formula as a comment: d(loss)/d(output) into the output's
   * gradient, or d(loss)/dz when {@code fused}.
   */
  CodeBlock gradient(Tensor output, String targets, String delta, boolean fused) {
    CodeBlock args = CodeBlock.of("$L.data, $L, $L, $L", output.value(), targets, ClassBuilder.ROWS, output.size());
    CodeBlock.Builder code = CodeBlock.builder();
    if (fused && classTargets()) {
      code.add("// softmax and cross-entropy together: d(loss)/dz = (p − onehot(t)) / rows\n");
      code.addStatement(
          "$T.softmaxCategoricalCrossentropyBackward($L, $L.data)", RuntimeTypes.LOSSES, args, output.gradient());
    } else if (fused) {
      code.add("// sigmoid and binary cross-entropy together: d(loss)/dz = (p − t) / (rows·outputs)\n");
      code.addStatement(
          "$T.sigmoidBinaryCrossentropyBackward($L, $L.data)", RuntimeTypes.LOSSES, args, output.gradient());
    } else if (loss.kind() == LossKind.HUBER) {
      code.add("// d(loss)/dp = clamp(p − t, −δ, δ) / (rows·outputs)\n");
      code.addStatement("$T.huberBackward($L, $L, $L.data)", RuntimeTypes.LOSSES, args, delta, output.gradient());
    } else {
      code.add("// d(loss)/dp of $L\n", loss.kind().keyword());
      code.addStatement("$T.$LBackward($L, $L.data)", RuntimeTypes.LOSSES, kernel(), args, output.gradient());
    }
    return code.build();
  }

  private String kernel() {
    return switch (loss.kind()) {
      case MEAN_SQUARED_ERROR -> "meanSquaredError";
      case MEAN_ABSOLUTE_ERROR -> "meanAbsoluteError";
      case EUCLIDEAN -> "euclidean";
      case HUBER -> "huber";
      case BINARY_CROSSENTROPY -> "binaryCrossentropy";
      case CATEGORICAL_CROSSENTROPY, SPARSE_CATEGORICAL_CROSSENTROPY -> "categoricalCrossentropy";
    };
  }
}
