package dev.nnet.compiler.layers.dense;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import dev.nnet.compiler.codegen.ActivationCode;
import dev.nnet.compiler.codegen.ClassBuilder;
import dev.nnet.compiler.codegen.Extent;
import dev.nnet.compiler.codegen.InitializerCode;
import dev.nnet.compiler.codegen.LayerEmitter;
import dev.nnet.compiler.codegen.Param;
import dev.nnet.compiler.codegen.RuntimeTypes;
import dev.nnet.compiler.codegen.Tensor;
import dev.nnet.compiler.model.Activation;
import dev.nnet.compiler.model.LayerSpec;
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.Modifier;

/**
 * A dense layer, y = f(x·W + b), with its activation fused in. The kernel W is [in, units], so forward is one
 * product x·W and backward needs no transposed copy: dW = xᵀ·dz and dx = dz·Wᵀ (MatMul's multTransA, multTransB).
 */
final class DenseEmitter implements LayerEmitter {
  private final DenseSpec spec;
  private final ActivationCode activation;
  private Tensor in;
  private Tensor out;
  private String inSize;
  private String units;
  private String l2;
  private Param kernel;
  private Param bias;
  private String z;
  private boolean keepLogits;
  private String logSumExp;
  private String forwardName;
  private String backwardName;

  DenseEmitter(DenseSpec spec) {
    this.spec = spec;
    this.activation = new ActivationCode(spec.activation());
  }

  @Override
  public LayerSpec spec() {
    return spec;
  }

  @Override
  public Activation activation() {
    return spec.activation();
  }

  @Override
  public Tensor declare(ClassBuilder cls, Tensor input, boolean outputGradient) {
    String n = spec.name();
    in = input;
    inSize = cls.intConstant(n, "in", spec.inputShape().size());
    units = cls.intConstant(n, "units", spec.units());
    if (spec.l2() > 0) {
      l2 = cls.doubleConstant(n, "l2", spec.l2(), n + ": factor of the kernel's L2 penalty l2·Σ w².");
    }
    kernel = cls.parameter(n, "kernel", CodeBlock.of(inSize), CodeBlock.of(units), List.of(inSize, units), true);
    cls.initialize.add(
        InitializerCode.fill(spec.kernelInitializer(), kernel.value(), CodeBlock.of(inSize), CodeBlock.of(units)));
    if (spec.useBias()) {
      bias = cls.parameter(n, "bias", CodeBlock.of("1"), CodeBlock.of(units), List.of(units), true);
      cls.initialize.addStatement("$T.zeros($L.data)", RuntimeTypes.INITIALIZERS, bias.value());
    }
    if (activation.backwardNeedsInput() || keepLogits) {
      z = cls.matrix(n, "z", units, false, n + " pre-activation z = x·W + b, kept for "
          + (keepLogits ? "the loss, which is computed from the logits" : activation.kind().keyword() + "'s derivative"));
    }
    if (keepLogits) {
      logSumExp = activation.logSumExpBuffer(cls, n);
    }
    out = cls.tensor(n, "out", units, spec.outputShape(), outputGradient);
    if (z == null) {
      z = out.value();
    }
    forwardName = cls.names.method("forward", n);
    backwardName = cls.names.method("backward", n);
    return out;
  }

  @Override
  public void keepLogits() {
    keepLogits = true;
  }

  @Override
  public Optional<String> logits() {
    return keepLogits ? Optional.of(z) : Optional.empty();
  }

  @Override
  public Optional<String> logSumExp() {
    return Optional.ofNullable(logSumExp);
  }

  @Override
  public Optional<MethodSpec> forward() {
    Extent extent = Extent.of(ClassBuilder.ROWS, units);
    MethodSpec.Builder method = MethodSpec.methodBuilder(forwardName)
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc("$L: y = $L, x [rows, $L], W [$L, $L]$L.\n",
            spec.name(), formula(), inSize, inSize, units, spec.useBias() ? ", b [" + units + "]" : "")
        .addStatement("$T.mult($L, $L, $L)", RuntimeTypes.MATMUL, in.value(), kernel.value(), z);
    if (bias != null) {
      method.addStatement("$T.add($L.data, $L, $L, $L.data)", RuntimeTypes.BIAS, z, ClassBuilder.ROWS, units, bias.value());
    }
    if (!activation.isLinear()) {
      method.addComment("$L", activation.formula());
      method.addCode(activation.forward(z, out.value(), extent, logSumExp));
    }
    return Optional.of(method.build());
  }

  @Override
  public Optional<MethodSpec> backward(boolean activationFusedWithLoss) {
    Extent extent = Extent.of(ClassBuilder.ROWS, units);
    String dz = out.gradient();
    MethodSpec.Builder method = MethodSpec.methodBuilder(backwardName)
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc("$L backward: $L, dW = xᵀ·dz$L$L$L.\n",
            spec.name(),
            activationFusedWithLoss ? "dz from the loss" : activation.isLinear() ? "dz = dy" : "dz = dy ⊙ f'(z)",
            l2 != null ? " + 2·l2·W" : "",
            bias != null ? ", db = Σ over rows of dz" : "",
            in.hasGradient() ? ", dx = dz·Wᵀ" : "\n(no dx: nothing before this layer needs it)");
    if (activationFusedWithLoss) {
      method.addComment("$L already holds d(loss)/dz: the loss fused $L's backward step", dz, activation.kind().keyword());
    } else if (!activation.isLinear()) {
      method.addComment("dz = dy ⊙ f'(z), in place of dy");
      method.addCode(activation.backward(z, out.value(), dz, dz, extent));
    }
    method.addStatement("$T.multTransA($L, $L, $L)", RuntimeTypes.MATMUL, in.value(), dz, kernel.gradient());
    if (l2 != null) {
      method.addStatement("$T.l2PenaltyBackward($L.data, $L, $L.data)", RuntimeTypes.REGULARIZERS, kernel.value(), l2, kernel.gradient());
    }
    if (bias != null) {
      method.addStatement("$T.backward($L.data, $L, $L, $L.data)", RuntimeTypes.BIAS, dz, ClassBuilder.ROWS, units, bias.gradient());
    }
    if (in.hasGradient()) {
      method.addStatement("$T.multTransB($L, $L, $L)", RuntimeTypes.MATMUL, dz, kernel.value(), in.gradient());
    }
    return Optional.of(method.build());
  }

  /** The layer's function: {@code relu(x·W + b)}, {@code x·W}, ... */
  private String formula() {
    String affine = spec.useBias() ? "x·W + b" : "x·W";
    return activation.isLinear() ? affine : activation.kind().keyword() + "(" + affine + ")";
  }

  @Override
  public Optional<CodeBlock> penalty() {
    return l2 == null
        ? Optional.empty()
        : Optional.of(CodeBlock.of("$T.l2Penalty($L.data, $L)", RuntimeTypes.REGULARIZERS, kernel.value(), l2));
  }
}
