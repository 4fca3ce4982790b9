package dev.nnet.compiler.codegen;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import dev.nnet.compiler.model.LayerSpec;
import dev.nnet.compiler.model.Shape;
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.Modifier;

/**
 * Batch normalization over the last axis: batch statistics in training (which also update the moving averages),
 * moving averages at inference. γ and β are trainable; the moving mean and variance are non-trainable parameters,
 * so they are saved with a checkpoint. The formulas are in the runtime's BatchNormalization.
 *
 * <p>Over a large sample (a convolution's feature maps, {@value ClassBuilder#PART_MIN_SAMPLE_VALUES}+ values) every
 * pass runs in parts, one range of channels per thread: a channel's statistics and gradients are its own, so the
 * bits do not depend on the part count.
 */
final class BatchNormEmitter implements LayerEmitter {
  private final LayerSpec.BatchNorm spec;
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
  /** The jobs of the passes in parts, and their methods; null when the layer runs in one piece. */
  private String trainingJob;
  private String inferenceJob;
  private String backwardJob;
  private String trainingPartName;
  private String inferencePartName;
  private String backwardPartName;

  BatchNormEmitter(LayerSpec.BatchNorm spec) {
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
    channels = cls.intConstant(n, "channels", c, n + ": channels, the normalized axis.");
    positions = cls.intConstant(n, "positions", shape.size() / c,
        n + ": vectors of CHANNELS values per sample (pixels of an image, 1 for a vector).");
    String size = cls.intConstant(n, "size", shape.size(), n + ": values per sample.");
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
    if (shape.size() >= ClassBuilder.PART_MIN_SAMPLE_VALUES && c > 1) {
      trainingPartName = cls.names.method("forward", n + "TrainingPart");
      trainingJob = cls.job(n, "trainingJob", trainingPartName, n + ": the training pass over one range of channels");
      inferencePartName = cls.names.method("forward", n + "InferencePart");
      inferenceJob = cls.job(n, "inferenceJob", inferencePartName,
          n + ": the inference pass over one range of channels");
      backwardPartName = cls.names.method("backward", n + "Part");
      backwardJob = cls.job(n, "backwardJob", backwardPartName, n + ": backward over one range of channels");
    }
    return out;
  }

  private CodeBlock count() {
    return CodeBlock.of("$L * $L", ClassBuilder.ROWS, positions);
  }

  private CodeBlock trainingCall(String c0, String c1) {
    return CodeBlock.of("$T.forwardTraining($L.data, $L, $L, $L, $L, $L.data, $L.data, $L, $L, $L.data, $L.data, "
        + "$L, $L, $L, $L.data)", RuntimeTypes.BATCH_NORM, in.value(), count(), channels, c0, c1, gamma.value(),
        beta.value(), momentum, epsilon, movingMean.value(), movingVariance.value(), batchMean, batchInvStd, work,
        out.value());
  }

  private CodeBlock inferenceCall(String c0, String c1) {
    return CodeBlock.of("$T.forwardInference($L.data, $L, $L, $L, $L, $L.data, $L.data, $L.data, $L.data, $L, $L, "
        + "$L.data)", RuntimeTypes.BATCH_NORM, in.value(), count(), channels, c0, c1, gamma.value(), beta.value(),
        movingMean.value(), movingVariance.value(), epsilon, work, out.value());
  }

  /** dγ and dβ, then (when the input has a gradient) dx, over channels {@code c0} to {@code c1 − 1}. */
  private CodeBlock backwardCode(String c0, String c1) {
    CodeBlock.Builder code = CodeBlock.builder()
        .addStatement("$T.parameterGradients($L.data, $L.data, $L, $L, $L, $L, $L, $L, $L, $L.data, $L.data)",
            RuntimeTypes.BATCH_NORM, in.value(), out.gradient(), count(), channels, c0, c1, batchMean, batchInvStd,
            work, gamma.gradient(), beta.gradient());
    if (in.hasGradient()) {
      code.addStatement("$T.inputGradient($L.data, $L.data, $L, $L, $L, $L, $L.data, $L, $L, $L.data, $L.data, "
          + "$L.data)", RuntimeTypes.BATCH_NORM, in.value(), out.gradient(), count(), channels, c0, c1, gamma.value(),
          batchMean, batchInvStd, gamma.gradient(), beta.gradient(), in.gradient());
    }
    return code.build();
  }

  @Override
  public Optional<MethodSpec> forward() {
    MethodSpec.Builder method = MethodSpec.methodBuilder(forwardName)
        .addModifiers(Modifier.PRIVATE)
        .addParameter(TypeName.BOOLEAN, "training")
        .addJavadoc("$L: y = γ·(x − μ)/√(σ² + ε) + β per channel, with the batch's μ and σ² in training (updating the\n"
            + "moving averages) and the moving averages at inference.\n", spec.name());
    if (trainingJob != null) {
      method.addStatement("$L(training ? $L : $L, $L)", ClassBuilder.RUN_PARTS, trainingJob, inferenceJob, channels);
    } else {
      method.beginControlFlow("if (training)")
          .addStatement(trainingCall("0", channels))
          .nextControlFlow("else")
          .addStatement(inferenceCall("0", channels))
          .endControlFlow();
    }
    return Optional.of(method.build());
  }

  @Override
  public Optional<MethodSpec> backward(boolean activationFusedWithLoss) {
    MethodSpec.Builder method = MethodSpec.methodBuilder(backwardName)
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc("$L backward: dβ = Σ dy, dγ = Σ dy·x̂$L.\n", spec.name(),
            in.hasGradient() ? ", dx = (γ/√(σ² + ε))·(dy − mean(dy) − x̂·mean(dy·x̂))" : " (no dx: nothing before needs it)");
    if (backwardJob != null) {
      method.addStatement("$L($L, $L)", ClassBuilder.RUN_PARTS, backwardJob, channels);
    } else {
      method.addCode(backwardCode("0", channels));
    }
    return Optional.of(method.build());
  }

  @Override
  public List<MethodSpec> partMethods(boolean activationFusedWithLoss) {
    if (trainingJob == null) {
      return List.of();
    }
    return List.of(
        channelPart(trainingPartName, "the training pass").addStatement(trainingCall("c0", "c1")).build(),
        channelPart(inferencePartName, "the inference pass").addStatement(inferenceCall("c0", "c1")).build(),
        channelPart(backwardPartName, "backward").addCode(backwardCode("c0", "c1")).build());
  }

  /** A part method over channels {@code c0} to {@code c1 − 1}, as {@code runParts(job, CHANNELS)} cuts them. */
  private MethodSpec.Builder channelPart(String name, String pass) {
    return ClassBuilder.partMethod(name)
        .addJavadoc("$L: $L over one range of channels.\n", spec.name(), pass)
        .addStatement("int c0 = $T.first($L, part, parts)", RuntimeTypes.PARTS, channels)
        .addStatement("int c1 = $T.first($L, part + 1, parts)", RuntimeTypes.PARTS, channels);
  }
}
