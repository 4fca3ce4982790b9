package dev.nnet.compiler.codegen;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import dev.nnet.compiler.model.Activation;
import dev.nnet.compiler.model.LayerSpec;
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.Modifier;

/**
 * A 2-D convolution as one matrix product (im2col): the patches under every window position, one row each
 * [rows·OUT_PIXELS, PATCH], times the kernel [KH·KW·IN_CHANNELS, FILTERS] give the output, one row per output pixel,
 * which is the output batch [rows, OUT_PIXELS·FILTERS] stored channels last. Backward: dK = patchesᵀ·dz,
 * d(patches) = dz·Kᵀ, scattered back onto the input by col2im. The patch buffer is reused for its own gradient.
 */
final class Conv2dEmitter implements LayerEmitter {
  private final LayerSpec.Conv2d spec;
  private final ActivationCode activation;
  private WindowCode window;
  private Tensor in;
  private Tensor out;
  private String filters;
  private String patch;
  private String l2;
  private Param kernel;
  private Param bias;
  private String columns;
  private String z;
  private String zPixels;
  private String gradPixels;
  private String forwardName;
  private String backwardName;

  Conv2dEmitter(LayerSpec.Conv2d spec) {
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
    filters = cls.intConstant(n, "filters", spec.filters(), n + ": filters, the output channels.");
    patch = cls.intConstant(n, "patch", spec.kernelHeight() * spec.kernelWidth() * window.channels,
        n + ": values under one kernel position, KERNEL_HEIGHT × KERNEL_WIDTH × IN_CHANNELS.");
    String outSize = cls.intConstant(n, "outSize", spec.outputShape().size(), n + ": output values per sample.");
    if (spec.l2() > 0) {
      l2 = cls.doubleConstant(n, "l2", spec.l2(), n + ": factor of the kernel's L2 penalty l2·Σ w².");
    }
    String kh = window.windowHeightName;
    String kw = window.windowWidthName;
    kernel = cls.parameter(n, "kernel", CodeBlock.of(patch), CodeBlock.of(filters),
        List.of(kh, kw, window.channelsName, filters), true);
    cls.initialize.add(InitializerCode.fill(spec.kernelInitializer(), kernel.value(), CodeBlock.of(patch),
        CodeBlock.of("$L * $L * $L", kh, kw, filters)));
    if (spec.useBias()) {
      bias = cls.parameter(n, "bias", CodeBlock.of("1"), CodeBlock.of(filters), List.of(filters), true);
      cls.initialize.addStatement("$T.zeros($L.data)", RuntimeTypes.INITIALIZERS, bias.value());
    }
    CodeBlock pixels = CodeBlock.of("$L", window.outPixelsName);
    columns = cls.matrix(n, "patches", pixels, patch, false,
        n + ": im2col patches [rows·OUT_PIXELS, PATCH]; backward overwrites them with their gradient");
    if (activation.backwardNeedsInput()) {
      z = cls.matrix(n, "z", outSize, false,
          n + " pre-activation, kept for " + activation.kind().keyword() + "'s derivative");
    }
    out = cls.tensor(n, "out", outSize, spec.outputShape(), outputGradient);
    if (z == null) {
      z = out.value();
    }
    zPixels = cls.view(n, z.equals(out.value()) ? "outPixels" : "zPixels", z, pixels, filters, false,
        z + " seen as [rows·OUT_PIXELS, FILTERS], one row per output pixel");
    if (out.hasGradient()) {
      gradPixels = cls.view(n, "outGradPixels", out.gradient(), pixels, filters, true,
          out.gradient() + " seen as [rows·OUT_PIXELS, FILTERS]");
    }
    forwardName = cls.names.method("forward", n);
    backwardName = cls.names.method("backward", n);
    return out;
  }

  private Extent extent() {
    return new Extent(CodeBlock.of("$L * $L", ClassBuilder.ROWS, window.outPixelsName), CodeBlock.of("$L", filters));
  }

  @Override
  public Optional<MethodSpec> forward() {
    MethodSpec.Builder method = MethodSpec.methodBuilder(forwardName)
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc("$L: y = $L, one product: patches [rows·$L, $L] · K [$L, $L].\n",
            spec.name(), formula(), window.outPixelsName, patch, patch, filters)
        .addStatement("$T.im2col($L.data, $L, $L, $L.data)",
            RuntimeTypes.CONVOLUTION, in.value(), ClassBuilder.ROWS, window.windowName, columns)
        .addStatement("$T.mult($L, $L, $L)", RuntimeTypes.MATMUL, columns, kernel.value(), zPixels);
    if (bias != null) {
      method.addStatement("$T.add($L.data, $L, $L, $L.data)",
          RuntimeTypes.BIAS, z, extent().rows(), filters, bias.value());
    }
    if (!activation.isLinear()) {
      method.addComment("$L", activation.formula());
      method.addCode(activation.forward(z, out.value(), extent()));
    }
    return Optional.of(method.build());
  }

  @Override
  public Optional<MethodSpec> backward(boolean activationFusedWithLoss) {
    String dz = out.gradient();
    MethodSpec.Builder method = MethodSpec.methodBuilder(backwardName)
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc("$L backward: $L, dK = patchesᵀ·dz$L$L$L.\n",
            spec.name(),
            activationFusedWithLoss ? "dz from the loss" : activation.isLinear() ? "dz = dy" : "dz = dy ⊙ f'(z)",
            l2 != null ? " + 2·l2·K" : "",
            bias != null ? ", db = Σ over pixels of dz" : "",
            in.hasGradient() ? ", dx = col2im(dz·Kᵀ)" : " (no dx: nothing before this layer needs it)");
    if (activationFusedWithLoss) {
      method.addComment("$L already holds d(loss)/dz: the loss fused $L's backward step", dz, activation.kind().keyword());
    } else if (!activation.isLinear()) {
      method.addComment("dz = dy ⊙ f'(z), in place of dy");
      method.addCode(activation.backward(z, out.value(), dz, dz, extent()));
    }
    method.addStatement("$T.multTransA($L, $L, $L)", RuntimeTypes.MATMUL, columns, gradPixels, kernel.gradient());
    if (l2 != null) {
      method.addStatement("$T.l2PenaltyBackward($L.data, $L, $L.data)",
          RuntimeTypes.LOSSES, kernel.value(), l2, kernel.gradient());
    }
    if (bias != null) {
      method.addStatement("$T.backward($L.data, $L, $L, $L.data)",
          RuntimeTypes.BIAS, dz, extent().rows(), filters, bias.gradient());
    }
    if (in.hasGradient()) {
      method.addComment("the patches are spent: their gradient dz·Kᵀ takes their place");
      method.addStatement("$T.multTransB($L, $L, $L)", RuntimeTypes.MATMUL, gradPixels, kernel.value(), columns);
      method.addStatement("$T.col2im($L.data, $L, $L, $L.data)",
          RuntimeTypes.CONVOLUTION, columns, ClassBuilder.ROWS, window.windowName, in.gradient());
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
        : Optional.of(CodeBlock.of("$T.l2Penalty($L.data, $L)", RuntimeTypes.LOSSES, kernel.value(), l2));
  }
}
