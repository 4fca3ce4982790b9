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
    return out;
  }

  private CodeBlock count() {
    return CodeBlock.of("$L * $L", ClassBuilder.ROWS, positions);
  }

  @Override
  public Optional<MethodSpec> forward() {
    return Optional.of(MethodSpec.methodBuilder(forwardName)
        .addModifiers(Modifier.PRIVATE)
        .addParameter(TypeName.BOOLEAN, "training")
        .addJavadoc("$L: y = γ·(x − μ)/√(σ² + ε) + β per channel, with the batch's μ and σ² in training (updating the\n"
            + "moving averages) and the moving averages at inference.\n", spec.name())
        .beginControlFlow("if (training)")
        .addStatement("$T.forwardTraining($L.data, $L, $L, $L.data, $L.data, $L, $L, $L.data, $L.data, $L, $L, $L, $L.data)",
            RuntimeTypes.BATCH_NORM, in.value(), count(), channels, gamma.value(), beta.value(), momentum, epsilon,
            movingMean.value(), movingVariance.value(), batchMean, batchInvStd, work, out.value())
        .nextControlFlow("else")
        .addStatement("$T.forwardInference($L.data, $L, $L, $L.data, $L.data, $L.data, $L.data, $L, $L, $L.data)",
            RuntimeTypes.BATCH_NORM, in.value(), count(), channels, gamma.value(), beta.value(),
            movingMean.value(), movingVariance.value(), epsilon, work, out.value())
        .endControlFlow()
        .build());
  }

  @Override
  public Optional<MethodSpec> backward(boolean activationFusedWithLoss) {
    MethodSpec.Builder method = MethodSpec.methodBuilder(backwardName)
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc("$L backward: dβ = Σ dy, dγ = Σ dy·x̂$L.\n", spec.name(),
            in.hasGradient() ? ", dx = (γ/√(σ² + ε))·(dy − mean(dy) − x̂·mean(dy·x̂))" : " (no dx: nothing before needs it)")
        .addStatement("$T.parameterGradients($L.data, $L.data, $L, $L, $L, $L, $L, $L.data, $L.data)",
            RuntimeTypes.BATCH_NORM, in.value(), out.gradient(), count(), channels, batchMean, batchInvStd, work,
            gamma.gradient(), beta.gradient());
    if (in.hasGradient()) {
      method.addStatement("$T.inputGradient($L.data, $L.data, $L, $L, $L.data, $L, $L, $L.data, $L.data, $L.data)",
          RuntimeTypes.BATCH_NORM, in.value(), out.gradient(), count(), channels, gamma.value(), batchMean,
          batchInvStd, gamma.gradient(), beta.gradient(), in.gradient());
    }
    return Optional.of(method.build());
  }
}
