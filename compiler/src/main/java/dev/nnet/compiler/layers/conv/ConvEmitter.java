package dev.nnet.compiler.layers.conv;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import dev.nnet.compiler.codegen.ActivationCode;
import dev.nnet.compiler.codegen.ClassBuilder;
import dev.nnet.compiler.codegen.Extent;
import dev.nnet.compiler.codegen.InitializerCode;
import dev.nnet.compiler.codegen.LayerEmitter;
import dev.nnet.compiler.codegen.Param;
import dev.nnet.compiler.codegen.RuntimeTypes;
import dev.nnet.compiler.codegen.SourceText;
import dev.nnet.compiler.codegen.Tensor;
import dev.nnet.compiler.codegen.WindowCode;
import dev.nnet.compiler.model.Activation;
import dev.nnet.compiler.model.ActivationKind;
import dev.nnet.compiler.model.LayerSpec;
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.Modifier;

/**
 * A 2-D convolution: the runtime's {@code FloatConv2d} or {@code DoubleConv2d} does the im2col products in chunks
 * of samples, in parts on the network's threads, with bias and relu fused while a chunk is in cache; the generated
 * class holds the kernel, bias and output buffers and applies any other activation over the whole batch.
 */
final class ConvEmitter implements LayerEmitter {
  /** The runtime kernels this layer calls. */
  private static final ClassName FLOAT_CONV_2D = ClassName.get(RuntimeTypes.RUNTIME + ".layer", "FloatConv2d");
  private static final ClassName DOUBLE_CONV_2D = ClassName.get(RuntimeTypes.RUNTIME + ".layer", "DoubleConv2d");

  private final Conv2dSpec spec;
  private final ActivationCode activation;
  private WindowCode window;
  private Tensor in;
  private Tensor out;
  private String filters;
  private String patch;
  private String outSize;
  private String l2;
  private Param kernel;
  private Param bias;
  private String layer;
  private String z;
  private String forwardName;
  private String backwardName;

  ConvEmitter(Conv2dSpec spec) {
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
    window = new WindowCode(n, spec.inputShape(), spec.kernelHeight(), spec.kernelWidth(), spec.strideHeight(),
        spec.strideWidth(), spec.padding());
    window.checkOutput(n, spec.filters(), spec.outputShape());
    window.declare(cls, n, "kernel");
    filters = cls.intConstant(n, "filters", spec.filters());
    patch = cls.intConstant(n, "patch", spec.kernelHeight() * spec.kernelWidth() * window.channels);
    outSize = cls.intConstant(n, "outSize", spec.outputShape().size());
    if (spec.l2() > 0) {
      l2 = cls.doubleConstant(n, "l2", spec.l2(), n + ": factor of the kernel's L2 penalty l2·Σ w².");
    }
    kernel = cls.parameter(n, "kernel", CodeBlock.of(patch), CodeBlock.of(filters),
        List.of(window.kernelShape(), filters), true);
    cls.initialize.add(InitializerCode.fill(spec.kernelInitializer(), kernel.value(), CodeBlock.of(patch),
        CodeBlock.of("$L * $L * $L", window.kh, window.kw, filters)));
    if (spec.useBias()) {
      bias = cls.parameter(n, "bias", CodeBlock.of("1"), CodeBlock.of(filters), List.of(filters), true);
      cls.initialize.addStatement("$T.zeros($L.data)", RuntimeTypes.INITIALIZERS, bias.value());
    }
    layer = cls.layerObject(cls.num.isDouble() ? DOUBLE_CONV_2D : FLOAT_CONV_2D, n,
        CodeBlock.of("new $T($L, $L, $L)", cls.num.isDouble() ? DOUBLE_CONV_2D
            : FLOAT_CONV_2D, window.windowName, filters, fusedRelu()));
    if (activation.backwardNeedsInput()) {
      z = cls.matrix(n, "z", outSize, false,
          n + " pre-activation, kept for " + activation.kind().keyword() + "'s derivative");
    }
    out = cls.tensor(n, "out", outSize, spec.outputShape(), outputGradient);
    if (z == null) {
      z = out.value();
    }
    forwardName = cls.names.method("forward", n);
    backwardName = cls.names.method("backward", n);
    return out;
  }

  /** The whole batch's output: one row of FILTERS values per output pixel. */
  private Extent pixels() {
    return new Extent(CodeBlock.of("$L * $L", ClassBuilder.ROWS, window.outHeight * window.outWidth),
        CodeBlock.of("$L", filters));
  }

  private boolean fusedRelu() {
    return activation.kind() == ActivationKind.RELU;
  }

  @Override
  public Optional<MethodSpec> forward() {
    MethodSpec.Builder method = MethodSpec.methodBuilder(forwardName)
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc("$L: y = $L, by im2col products in chunks of samples, one part per thread.\n", spec.name(),
            formula())
        .addCode(SourceText.statement(4, CodeBlock.of("$L.forward($L.data, $L, $L, $L.data, $L)", layer, in.value(),
            kernel.value(), bias == null ? "null" : bias.value() + ".data", z, ClassBuilder.ROWS), 3));
    if (!activation.isLinear() && !fusedRelu()) {
      method.addComment("$L", activation.formula());
      method.addCode(activation.forward(z, out.value(), pixels()));
    }
    return Optional.of(method.build());
  }

  @Override
  public Optional<MethodSpec> backward(boolean activationFusedWithLoss) {
    if (activationFusedWithLoss && fusedRelu()) {
      throw new IllegalStateException(spec.name() + ": relu is never fused with a loss");
    }
    String dy = out.gradient();
    MethodSpec.Builder method = MethodSpec.methodBuilder(backwardName)
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc("$L backward: $L, dK = patchesᵀ·dz$L$L$L.\n",
            spec.name(),
            activationFusedWithLoss ? "dz from the loss" : activation.isLinear() ? "dz = dy" : "dz = dy ⊙ f'(z)",
            l2 != null ? " + 2·l2·K" : "",
            bias != null ? ", db = Σ over pixels of dz" : "",
            in.hasGradient() ? ", dx = col2im(dz·Kᵀ)" : "\n(no dx: nothing before this layer needs it)");
    if (activationFusedWithLoss) {
      method.addComment("$L already holds d(loss)/dz: the loss fused $L's backward step", dy,
          activation.kind().keyword());
    } else if (!activation.isLinear() && !fusedRelu()) {
      method.addComment("dz = dy ⊙ f'(z), in place of dy");
      method.addCode(activation.backward(z, out.value(), dy, dy, pixels()));
    }
    method.addCode(SourceText.statement(4,
        CodeBlock.of("$L.backward($L.data, $L, $L.data, $L.data, $L.data, $L, $L, $L)", layer, in.value(),
            kernel.value(), out.value(), dy, kernel.gradient(),
            bias == null ? "null" : bias.gradient() + ".data", in.hasGradient() ? in.gradient() + ".data" : "null",
            ClassBuilder.ROWS), 4));
    if (l2 != null) {
      method.addStatement("$T.l2PenaltyBackward($L.data, $L, $L.data)",
          RuntimeTypes.REGULARIZERS, kernel.value(), l2, kernel.gradient());
    }
    return Optional.of(method.build());
  }

  private String formula() {
    String affine = spec.useBias() ? "conv(x, K) + b" : "conv(x, K)";
    return activation.isLinear() ? affine : activation.kind().keyword() + "(" + affine + ")";
  }

  @Override
  public Optional<CodeBlock> penalty() {
    return l2 == null
        ? Optional.empty()
        : Optional.of(CodeBlock.of("$T.l2Penalty($L.data, $L)", RuntimeTypes.REGULARIZERS, kernel.value(), l2));
  }
}
