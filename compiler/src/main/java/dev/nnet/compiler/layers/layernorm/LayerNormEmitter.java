package dev.nnet.compiler.layers.layernorm;

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
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.Modifier;

/**
 * Layer normalization over the last axis: each vector of features normalized by its own mean and variance, then
 * scaled by γ and shifted by β (trainable, one per feature). The same in training and at inference, so the
 * forward step takes no {@code training} flag. The formulas are in the runtime's LayerNormalization; the layer runs
 * in one piece.
 */
final class LayerNormEmitter implements LayerEmitter {
  /** The runtime kernel this layer calls. */
  private static final ClassName LAYER_NORM = ClassName.get(RuntimeTypes.KERNEL, "LayerNormalization");

  private final LayerNormSpec spec;
  private Tensor in;
  private Tensor out;
  private String features;
  private String positions;
  private String epsilon;
  private Param gamma;
  private Param beta;
  private String mean;
  private String invStd;
  private String work;
  private String forwardName;
  private String backwardName;

  LayerNormEmitter(LayerNormSpec spec) {
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
    int f = spec.features();
    features = cls.intConstant(n, "features", f);
    positions = cls.intConstant(n, "positions", shape.size() / f);
    String size = cls.intConstant(n, "size", shape.size());
    epsilon = cls.doubleConstant(n, "epsilon", spec.epsilon(), n + ": added to the variance before the square root.");
    CodeBlock one = CodeBlock.of("1");
    CodeBlock cols = CodeBlock.of(features);
    gamma = cls.parameter(n, "gamma", one, cols, List.of(features), true);
    beta = cls.parameter(n, "beta", one, cols, List.of(features), true);
    cls.initialize.addStatement("$T.ones($L.data)", RuntimeTypes.INITIALIZERS, gamma.value());
    cls.initialize.addStatement("$T.zeros($L.data)", RuntimeTypes.INITIALIZERS, beta.value());
    mean = cls.matrix(n, "mean", positions, false, n + ": each vector's mean, from the last forward pass");
    invStd = cls.matrix(n, "invStd", positions, false, n + ": each vector's 1/√(variance + ε), from the last forward pass");
    work = cls.doubleArray(n, "work", CodeBlock.of("2 * $L", features), true,
        n + ": the parameter gradients' sums in double, scratch between calls");
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
        .addJavadoc("$L: y = γ·(x − μ)/√(σ² + ε) + β, μ and σ² over each vector of features.\n", spec.name())
        .addStatement("$T.forward($L.data, $L, $L, $L.data, $L.data, $L, $L.data, $L.data, $L.data)",
            LAYER_NORM, in.value(), count(), features, gamma.value(), beta.value(), epsilon, mean,
            invStd, out.value())
        .build());
  }

  @Override
  public Optional<MethodSpec> backward(boolean activationFusedWithLoss) {
    return Optional.of(MethodSpec.methodBuilder(backwardName)
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc("$L backward: dβ = Σ dy, dγ = Σ dy·x̂$L.\n", spec.name(),
            in.hasGradient() ? ", dx = (1/√(σ² + ε))·(g − mean(g) − x̂·mean(g·x̂)) with g = γ·dy"
                : " (no dx: nothing before needs it)")
        .addStatement("$T.backward($L.data, $L.data, $L, $L, $L.data, $L.data, $L.data, $L, $L.data, $L.data, $L)",
            LAYER_NORM, in.value(), out.gradient(), count(), features, gamma.value(), mean, invStd,
            work, gamma.gradient(), beta.gradient(), in.hasGradient() ? in.gradient() + ".data" : "null")
        .build());
  }
}
