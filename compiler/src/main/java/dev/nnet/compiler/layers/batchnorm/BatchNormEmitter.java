package dev.nnet.compiler.layers.batchnorm;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import dev.nnet.compiler.codegen.ClassBuilder;
import dev.nnet.compiler.codegen.LayerEmitter;
import dev.nnet.compiler.codegen.Param;
import dev.nnet.compiler.codegen.RuntimeTypes;
import dev.nnet.compiler.codegen.Tensor;
import dev.nnet.compiler.model.LayerSpec;
import dev.nnet.compiler.model.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.Modifier;

/**
 * Batch normalization over the last axis: batch statistics in training (which also update the moving averages),
 * moving averages at inference. γ and β are trainable; the moving mean and variance are non-trainable parameters,
 * so they are saved with a checkpoint. The formulas are in the runtime's BatchNormalization.
 *
 * <p>Over a large sample (a convolution's feature maps, {@value ClassBuilder#PART_MIN_SAMPLE_VALUES}+ values) the
 * training passes run in parts, one range of samples per thread: each part sums its samples into its own array,
 * the sums are added in part order and the per-channel statistics (or dγ, dβ) computed once, then each part
 * normalizes (or computes dx for) its samples. The inference pass, one read and one write, stays in one piece.
 */
final class BatchNormEmitter implements LayerEmitter {
  /** The runtime kernel this layer calls. */
  private static final ClassName BATCH_NORM = ClassName.get(RuntimeTypes.KERNEL, "BatchNormalization");

  private final BatchNormSpec spec;
  private Tensor in;
  private Tensor out;
  private String channels;
  private String positions;
  private String momentum;
  private String epsilon;
  private Param gamma;
  private Param beta;
  private Param movingMean;
  private Param movingVariance;
  private String batchMean;
  private String batchInvStd;
  private String work;
  private String forwardName;
  private String backwardName;
  /** Per part: the sums of its samples; null when the layer runs in one piece, as are the jobs and methods below. */
  private String partSums;
  private String sumsJob;
  private String normalizeJob;
  private String gradientSumsJob;
  private String inputGradientJob;
  private String sumsPartName;
  private String normalizePartName;
  private String gradientSumsPartName;
  private String inputGradientPartName;

  BatchNormEmitter(BatchNormSpec spec) {
    this.spec = spec;
  }

  @Override
  public LayerSpec spec() {
    return spec;
  }

  @Override
  public Tensor declare(ClassBuilder cls, Tensor input, boolean outputGradient) {
    String n = spec.name();
    in = input;
    Shape shape = spec.inputShape();
    int c = spec.channels();
    channels = cls.intConstant(n, "channels", c);
    positions = cls.intConstant(n, "positions", shape.size() / c);
    String size = cls.intConstant(n, "size", shape.size());
    momentum = cls.doubleConstant(n, "momentum", spec.momentum(),
        n + ": moving = momentum·moving + (1 − momentum)·batch statistic.");
    epsilon = cls.doubleConstant(n, "epsilon", spec.epsilon(), n + ": added to the variance before the square root.");
    CodeBlock one = CodeBlock.of("1");
    CodeBlock cols = CodeBlock.of(channels);
    gamma = cls.parameter(n, "gamma", one, cols, List.of(channels), true);
    beta = cls.parameter(n, "beta", one, cols, List.of(channels), true);
    movingMean = cls.parameter(n, "movingMean", one, cols, List.of(channels), false);
    movingVariance = cls.parameter(n, "movingVariance", one, cols, List.of(channels), false);
    cls.initialize.addStatement("$T.ones($L.data)", RuntimeTypes.INITIALIZERS, gamma.value());
    cls.initialize.addStatement("$T.zeros($L.data)", RuntimeTypes.INITIALIZERS, beta.value());
    cls.initialize.addStatement("$T.zeros($L.data)", RuntimeTypes.INITIALIZERS, movingMean.value());
    cls.initialize.addStatement("$T.ones($L.data)", RuntimeTypes.INITIALIZERS, movingVariance.value());
    batchMean = cls.array(n, "batchMean", cols, true, n + ": the last training batch's mean per channel");
    batchInvStd = cls.array(n, "batchInvStd", cols, true, n + ": the last training batch's 1/√(variance + ε) per channel");
    work = cls.doubleArray(n, "work", CodeBlock.of("2 * $L", channels), false,
        n + ": per-channel sums and factors the kernels keep in double, scratch between calls");
    out = cls.tensor(n, "out", size, spec.outputShape(), outputGradient);
    forwardName = cls.names.method("forward", n);
    backwardName = cls.names.method("backward", n);
    if (shape.size() >= ClassBuilder.PART_MIN_SAMPLE_VALUES) {
      partSums = cls.partDoubleArrays(n, "partSums", CodeBlock.of("2 * $L", channels),
          n + ": per part, the sums over its samples (statistics in forward, dβ and dγ in backward)");
      sumsPartName = cls.names.method("forward", n + "SumsPart");
      sumsJob = cls.job(n, "sumsJob", sumsPartName, n + ": the batch statistics' sums over one part of the samples");
      normalizePartName = cls.names.method("forward", n + "NormalizePart");
      normalizeJob = cls.job(n, "normalizeJob", normalizePartName, n + ": y over one part of the samples");
      gradientSumsPartName = cls.names.method("backward", n + "SumsPart");
      gradientSumsJob = cls.job(n, "gradientSumsJob", gradientSumsPartName,
          n + ": the sums of dβ and dγ over one part of the samples");
      if (in.hasGradient()) {
        inputGradientPartName = cls.names.method("backward", n + "InputPart");
        inputGradientJob = cls.job(n, "inputGradientJob", inputGradientPartName,
            n + ": dx over one part of the samples");
      }
    }
    return out;
  }

  /** The vectors of samples {@code from} to {@code to − 1}: their first and their count. */
  private CodeBlock vectors() {
    return CodeBlock.of("from * $L, (to - from) * $L", positions, positions);
  }

  private CodeBlock count() {
    return CodeBlock.of("$L * $L", ClassBuilder.ROWS, positions);
  }

  @Override
  public Optional<MethodSpec> forward() {
    MethodSpec.Builder method = MethodSpec.methodBuilder(forwardName)
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc("$L: y = γ·(x − μ)/√(σ² + ε) + β per channel, with the batch's μ and σ² in training (updating the\n"
            + "moving averages) and the moving averages at inference.\n", spec.name())
        .beginControlFlow("if (training())");
    if (partSums != null) {
      method.addStatement("int parts = $L($L, $L)", ClassBuilder.RUN_PARTS, sumsJob, ClassBuilder.ROWS)
          .addStatement("$T.addSums($L, parts, $L, $L)", BATCH_NORM, partSums, channels, work)
          .addStatement("$T.statistics($L.data, $L, $L, $L.data, $L, $L, $L.data, $L.data, $L, $L, $L)",
              BATCH_NORM, in.value(), count(), channels, gamma.value(), momentum, epsilon,
              movingMean.value(), movingVariance.value(), batchMean, batchInvStd, work)
          .addStatement("$L($L, $L)", ClassBuilder.RUN_PARTS, normalizeJob, ClassBuilder.ROWS);
    } else {
      method.addStatement("$T.forwardTraining($L.data, $L, $L, $L.data, $L.data, $L, $L, $L.data, $L.data, $L, $L, "
          + "$L, $L.data)", BATCH_NORM, in.value(), count(), channels, gamma.value(), beta.value(),
          momentum, epsilon, movingMean.value(), movingVariance.value(), batchMean, batchInvStd, work, out.value());
    }
    return Optional.of(method.nextControlFlow("else")
        .addStatement("$T.forwardInference($L.data, $L, $L, $L.data, $L.data, $L.data, $L.data, $L, $L, $L.data)",
            BATCH_NORM, in.value(), count(), channels, gamma.value(), beta.value(),
            movingMean.value(), movingVariance.value(), epsilon, work, out.value())
        .endControlFlow()
        .build());
  }

  @Override
  public Optional<MethodSpec> backward(boolean activationFusedWithLoss) {
    MethodSpec.Builder method = MethodSpec.methodBuilder(backwardName)
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc("$L backward: dβ = Σ dy, dγ = Σ dy·x̂$L.\n", spec.name(),
            in.hasGradient() ? ", dx = (γ/√(σ² + ε))·(dy − mean(dy) − x̂·mean(dy·x̂))" : " (no dx: nothing before needs it)");
    if (partSums != null) {
      method.addStatement("int parts = $L($L, $L)", ClassBuilder.RUN_PARTS, gradientSumsJob, ClassBuilder.ROWS)
          .addStatement("$T.addSums($L, parts, $L, $L)", BATCH_NORM, partSums, channels, work)
          .addStatement("$T.gradients($L, $L, $L, $L.data, $L.data)", BATCH_NORM, work, channels,
              batchInvStd, gamma.gradient(), beta.gradient());
      if (in.hasGradient()) {
        method.addStatement("$L($L, $L)", ClassBuilder.RUN_PARTS, inputGradientJob, ClassBuilder.ROWS);
      }
      return Optional.of(method.build());
    }
    method.addStatement("$T.parameterGradients($L.data, $L.data, $L, $L, $L, $L, $L, $L.data, $L.data)",
        BATCH_NORM, in.value(), out.gradient(), count(), channels, batchMean, batchInvStd, work,
        gamma.gradient(), beta.gradient());
    if (in.hasGradient()) {
      method.addStatement(inputGradientCall(CodeBlock.of("0, $L", count())));
    }
    return Optional.of(method.build());
  }

  /** dx over the given vectors ({@code first, count}) of the batch. */
  private CodeBlock inputGradientCall(CodeBlock vectors) {
    return CodeBlock.of("$T.inputGradient($L.data, $L.data, $L, $L, $L, $L.data, $L, $L, $L.data, $L.data, $L.data)",
        BATCH_NORM, in.value(), out.gradient(), vectors, count(), channels, gamma.value(), batchMean,
        batchInvStd, gamma.gradient(), beta.gradient(), in.gradient());
  }

  @Override
  public List<MethodSpec> partMethods(boolean activationFusedWithLoss) {
    if (partSums == null) {
      return List.of();
    }
    List<MethodSpec> methods = new ArrayList<>();
    methods.add(part(sumsPartName, "the statistics' sums", CodeBlock.of("$T.sums($L.data, $L, $L, $L[part])",
        BATCH_NORM, in.value(), vectors(), channels, partSums)));
    methods.add(part(normalizePartName, "y", CodeBlock.of("$T.normalize($L.data, $L, $L, $L, $L.data, $L.data)",
        BATCH_NORM, in.value(), vectors(), channels, work, beta.value(), out.value())));
    methods.add(part(gradientSumsPartName, "the sums of dβ and dγ",
        CodeBlock.of("$T.gradientSums($L.data, $L.data, $L, $L, $L, $L[part])", BATCH_NORM, in.value(),
            out.gradient(), vectors(), channels, batchMean, partSums)));
    if (in.hasGradient()) {
      methods.add(part(inputGradientPartName, "dx", inputGradientCall(vectors())));
    }
    return methods;
  }

  private MethodSpec part(String name, String what, CodeBlock call) {
    return ClassBuilder.samplePart(name, spec.name() + ": " + what, CodeBlock.builder().addStatement(call).build());
  }
}
