package dev.nnet.compiler.codegen;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import dev.nnet.compiler.model.Activation;
import dev.nnet.compiler.model.ActivationKind;
import dev.nnet.compiler.model.LayerSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.Modifier;

/**
 * A 2-D convolution as matrix products (im2col): the patches under every window position, one row each
 * [samples·OUT_PIXELS, PATCH], times the kernel [KH·KW·IN_CHANNELS, FILTERS] give the output, one row per output
 * pixel, which is the output batch [rows, OUT_PIXELS·FILTERS] stored channels last. Backward: dK = patchesᵀ·dz,
 * d(patches) = dz·Kᵀ, scattered back onto the input by col2im.
 *
 * <p>The batch goes through a few samples at a time (CHUNK, chosen so that a chunk's patches and product fit in a
 * core's L2 cache): patches of a whole batch are tens of megabytes, and writing them out and reading them back from
 * memory cost more than the products. Bias and the activation are applied, and the activation's derivative and the
 * bias gradient taken, while a chunk's product is still in cache (relu fused with the bias). Backward makes each
 * chunk's patches again, except the one forward left in the buffer.
 *
 * <p>The chunks are cut into contiguous parts, one per thread ({@code runParts}), each with its own patch and product
 * buffers: a part writes only its samples' outputs (and input gradients), and sums its chunks' kernel and bias
 * gradients in its own buffers, which backward then adds in part order. So the bits depend on the number of parts,
 * never on which thread ran which; with one thread they are those of a plain loop over the chunks.
 */
final class Conv2dEmitter implements LayerEmitter {
  /**
   * At most this many bytes of patches and product per chunk: about a core's L2 cache (512 KiB to 2 MiB on current
   * server cores). On the 2-core EPYC of benchmarks/RESULTS.md, 1 MiB (6 samples of the Fashion-MNIST convnet's
   * second layer) measured a little faster than a half or a quarter of it, and than 4 or 8 times it.
   */
  static final int CHUNK_BYTES = 1024 * 1024;

  private final LayerSpec.Conv2d spec;
  private final ActivationCode activation;
  private Numeric num;
  private WindowCode window;
  private Tensor in;
  private Tensor out;
  private String filters;
  private String patch;
  private String outSize;
  private String chunk;
  private String l2;
  private Param kernel;
  private Param bias;
  private String patches;
  private String product;
  private String kernelGradChunk;
  private String kernelGradPart;
  private String biasGradPart;
  private String held;
  private String forwardJob;
  private String backwardJob;
  private String z;
  private String forwardName;
  private String backwardName;
  private String forwardPartName;
  private String backwardPartName;

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

  /**
   * Samples per chunk: as many as fit {@link #CHUNK_BYTES} with their patches and product, at least one and at most
   * 1024 (a layer of a few values a sample would otherwise get chunks far larger than any batch).
   */
  static int chunkSamples(int outPixels, int patch, int filters, int bytesPerValue) {
    long perSample = (long) outPixels * (patch + filters) * bytesPerValue;
    return (int) Math.max(1, Math.min(1024, CHUNK_BYTES / perSample));
  }

  @Override
  public Tensor declare(ClassBuilder cls, Tensor input, boolean outputGradient) {
    String n = spec.name();
    in = input;
    num = cls.num;
    window = new WindowCode(n, spec.inputShape(), spec.kernelHeight(), spec.kernelWidth(), spec.strideHeight(),
        spec.strideWidth(), spec.padding());
    window.checkOutput(n, spec.filters(), spec.outputShape());
    window.declare(cls, n, "kernel");
    filters = cls.intConstant(n, "filters", spec.filters());
    int patchSize = spec.kernelHeight() * spec.kernelWidth() * window.channels;
    patch = cls.intConstant(n, "patch", patchSize);
    outSize = cls.intConstant(n, "outSize", spec.outputShape().size());
    int samples = chunkSamples(window.outHeight * window.outWidth, patchSize, spec.filters(),
        cls.num.isDouble() ? Double.BYTES : Float.BYTES);
    chunk = cls.intConstant(n, "chunk", samples);
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
    CodeBlock chunkRows = CodeBlock.of("$L * $L", chunk, window.outPixelsName);
    patches = cls.partMatrices(n, "patches", chunkRows, patch,
        n + ": im2col patches of one chunk [CHUNK·OUT_PIXELS, PATCH] per part; backward overwrites them with their"
            + " gradient");
    product = cls.partMatrices(n, "product", chunkRows, filters,
        n + ": one chunk's patches · K [CHUNK·OUT_PIXELS, FILTERS] per part, then its dz in backward");
    held = cls.partInts(n, "held", n + ": the chunk whose patches each part's buffer holds from forward, or -1");
    forwardPartName = cls.names.method("forward", n + "Part");
    backwardPartName = cls.names.method("backward", n + "Part");
    forwardJob = cls.job(n, "forwardJob", forwardPartName, n + ": forward over one part of the chunks");
    if (outputGradient) {
      kernelGradChunk = cls.partMatrices(n, "kernelGradChunk", CodeBlock.of("$L", patch), filters,
          n + ": one chunk's share of d(loss)/dK, per part");
      kernelGradPart = cls.partMatrices(n, "kernelGradPart", CodeBlock.of("$L", patch), filters,
          n + ": one part's sum of d(loss)/dK over its chunks");
      if (bias != null) {
        biasGradPart = cls.partMatrices(n, "biasGradPart", CodeBlock.of("1"), filters,
            n + ": one part's sum of d(loss)/db over its chunks");
      }
      backwardJob = cls.job(n, "backwardJob", backwardPartName, n + ": backward over one part of the chunks");
    }
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

  /** One chunk's output in a part method: {@code samples} samples' pixels from sample {@code first} on. */
  private Extent chunkExtent() {
    return new Extent(CodeBlock.of("samples * $L", window.outPixelsName), CodeBlock.of("$L", filters),
        CodeBlock.of("first * $L", outSize));
  }

  private boolean fusedRelu() {
    return activation.kind() == ActivationKind.RELU;
  }

  private String chunks() {
    return "(" + ClassBuilder.ROWS + " + " + chunk + " - 1) / " + chunk;
  }

  /**
   * The start of a part's method: its buffers as locals, the chunk count, and the loop over its chunks declaring
   * {@code c}, {@code first} and {@code samples}; backward goes from the last chunk down.
   */
  private MethodSpec.Builder partMethod(String name, boolean descending, CodeBlock preamble, String javadoc,
      Object... args) {
    MethodSpec.Builder method = ClassBuilder.partMethod(name)
        .addJavadoc(javadoc, args)
        .addStatement("$T patches = $L[part]", num.matrix(), patches)
        .addStatement("$T product = $L[part]", num.matrix(), product)
        .addCode(preamble)
        .addStatement("int chunks = $L", chunks())
        .addStatement("int begin = $T.first(chunks, part, parts)", RuntimeTypes.PARTS)
        .addStatement("int end = $T.first(chunks, part + 1, parts)", RuntimeTypes.PARTS);
    if (descending) {
      method.beginControlFlow("for (int c = end - 1; c >= begin; c--)");
    } else {
      method.beginControlFlow("for (int c = begin; c < end; c++)");
    }
    return method.addStatement("int first = c * $L", chunk)
        .addStatement("int samples = Math.min($L, $L - first)", chunk, ClassBuilder.ROWS);
  }

  private void reshapeChunk(MethodSpec.Builder method) {
    method.addStatement("patches.reshape(samples * $L, $L)", window.outPixelsName, patch)
        .addStatement("product.reshape(samples * $L, $L)", window.outPixelsName, filters);
  }

  @Override
  public Optional<MethodSpec> forward() {
    MethodSpec.Builder method = MethodSpec.methodBuilder(forwardName)
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc("$L: y = $L, $L samples at a time, the chunks cut into one part per thread.\n",
            spec.name(), formula(), chunk)
        .addStatement("$L($L, $L)", ClassBuilder.RUN_PARTS, forwardJob, chunks());
    return Optional.of(method.build());
  }

  @Override
  public List<MethodSpec> partMethods(boolean activationFusedWithLoss) {
    List<MethodSpec> methods = new ArrayList<>();
    methods.add(forwardPart());
    if (backwardJob != null) {
      methods.add(backwardPart(activationFusedWithLoss));
    }
    return methods;
  }

  private MethodSpec forwardPart() {
    MethodSpec.Builder method = partMethod(forwardPartName, false, CodeBlock.of(""),
        "$L forward, the chunks of one part: patches [samples·$L, $L] · K [$L, $L], then bias$L.\n",
        spec.name(), window.outPixelsName, patch, patch, filters, fusedRelu() ? " and relu" : "");
    method.addStatement("$T.im2col($L.data, first, samples, $L, patches.data)",
        RuntimeTypes.CONVOLUTION, in.value(), window.windowName);
    reshapeChunk(method);
    method.addStatement("$T.mult(patches, $L, product)", RuntimeTypes.MATMUL, kernel.value());
    method.addStatement("$T.$L(product.data, samples * $L, $L, $L, $L.data, first * $L)", RuntimeTypes.CONVOLUTION,
        fusedRelu() ? "outputRelu" : "output", window.outPixelsName, filters,
        bias == null ? "null" : bias.value() + ".data", z, outSize);
    if (!activation.isLinear() && !fusedRelu()) {
      method.addComment("$L", activation.formula());
      method.addCode(activation.forward(z, out.value(), chunkExtent()));
    }
    method.endControlFlow();
    method.addStatement("$L[part] = end - 1", held);
    return method.build();
  }

  @Override
  public Optional<MethodSpec> backward(boolean activationFusedWithLoss) {
    String dy = out.gradient();
    MethodSpec.Builder method = MethodSpec.methodBuilder(backwardName)
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc("$L backward: $L, dK = patchesᵀ·dz$L$L$L, in one part per thread; the parts' sums added in"
                + " part order.\n",
            spec.name(),
            activationFusedWithLoss ? "dz from the loss" : activation.isLinear() ? "dz = dy" : "dz = dy ⊙ f'(z)",
            l2 != null ? " + 2·l2·K" : "",
            bias != null ? ", db = Σ over pixels of dz" : "",
            in.hasGradient() ? ", dx = col2im(dz·Kᵀ)" : "\n(no dx: nothing before this layer needs it)");
    if (activationFusedWithLoss) {
      method.addComment("$L already holds d(loss)/dz: the loss fused $L's backward step", dy, activation.kind().keyword());
    }
    method.addStatement("int parts = $L($L, $L)", ClassBuilder.RUN_PARTS, backwardJob, chunks());
    method.addStatement("$T.fill($L.data, 0, $L * $L, 0)", java.util.Arrays.class, kernel.gradient(), patch, filters);
    if (bias != null) {
      method.addStatement("$T.fill($L.data, 0, $L, 0)", java.util.Arrays.class, bias.gradient(), filters);
    }
    method.beginControlFlow("for (int part = 0; part < parts; part++)")
        .addStatement("$T.addEquals($L.data, $L[part].data, $L * $L)",
            RuntimeTypes.CONVOLUTION, kernel.gradient(), kernelGradPart, patch, filters);
    if (bias != null) {
      method.addStatement("$T.addEquals($L.data, $L[part].data, $L)",
          RuntimeTypes.CONVOLUTION, bias.gradient(), biasGradPart, filters);
    }
    method.endControlFlow();
    if (l2 != null) {
      method.addStatement("$T.l2PenaltyBackward($L.data, $L, $L.data)",
          RuntimeTypes.LOSSES, kernel.value(), l2, kernel.gradient());
    }
    return Optional.of(method.build());
  }

  private MethodSpec backwardPart(boolean activationFusedWithLoss) {
    String dy = out.gradient();
    boolean reluHere = !activationFusedWithLoss && fusedRelu();
    String db = bias == null ? "null" : "biasGradSum";
    CodeBlock.Builder sums = CodeBlock.builder()
        .addStatement("$T kernelGradChunk = $L[part]", num.matrix(), kernelGradChunk)
        .addStatement("$T kernelGradSum = $L[part].data", num.array(), kernelGradPart)
        .addStatement("$T.fill(kernelGradSum, 0, $L * $L, 0)", java.util.Arrays.class, patch, filters);
    if (bias != null) {
      sums.addStatement("$T biasGradSum = $L[part].data", num.array(), biasGradPart)
          .addStatement("$T.fill(biasGradSum, 0, $L, 0)", java.util.Arrays.class, filters);
    }
    MethodSpec.Builder method = partMethod(backwardPartName, true, sums.build(),
        "$L backward, the chunks of one part from the last, their dK and db summed in the part's buffers.\n",
        spec.name());
    method.beginControlFlow("if (c != $L[part])", held)
        .addComment("made again, but for the chunk forward left in this part's buffer")
        .addStatement("$T.im2col($L.data, first, samples, $L, patches.data)",
            RuntimeTypes.CONVOLUTION, in.value(), window.windowName)
        .endControlFlow()
        .addStatement("$L[part] = -1", held);
    reshapeChunk(method);
    if (!activationFusedWithLoss && !activation.isLinear() && !reluHere) {
      method.addComment("dz = dy ⊙ f'(z) for this chunk, in place of dy");
      method.addCode(activation.backward(z, out.value(), dy, dy, chunkExtent()));
    }
    if (reluHere) {
      method.addComment("dz = dy ⊙ [y > 0] for this chunk, and db += its sum over pixels");
      method.addStatement("$T.outputGradientRelu($L.data, $L.data, first * $L, samples * $L, $L, product.data, $L)",
          RuntimeTypes.CONVOLUTION, dy, out.value(), outSize, window.outPixelsName, filters, db);
    } else {
      method.addStatement("$T.outputGradient($L.data, first * $L, samples * $L, $L, product.data, $L)",
          RuntimeTypes.CONVOLUTION, dy, outSize, window.outPixelsName, filters, db);
    }
    method.addStatement("$T.multTransA(patches, product, kernelGradChunk)", RuntimeTypes.MATMUL)
        .addStatement("$T.addEquals(kernelGradSum, kernelGradChunk.data, $L * $L)",
            RuntimeTypes.CONVOLUTION, patch, filters);
    if (in.hasGradient()) {
      method.addComment("the patches are spent: their gradient dz·Kᵀ takes their place");
      method.addStatement("$T.multTransB(product, $L, patches)", RuntimeTypes.MATMUL, kernel.value());
      method.addStatement("$T.col2im(patches.data, first, samples, $L, $L.data)",
          RuntimeTypes.CONVOLUTION, window.windowName, in.gradient());
    }
    method.endControlFlow();
    return method.build();
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
