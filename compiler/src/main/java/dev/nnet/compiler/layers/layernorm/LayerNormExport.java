package dev.nnet.compiler.layers.layernorm;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import dev.nnet.compiler.export.ExportClass;
import dev.nnet.compiler.export.LayerExport;
import dev.nnet.compiler.model.LayerSpec;
import java.util.Optional;
import javax.lang.model.element.Modifier;

/**
 * Layer normalization, per vector of features (the last axis): y = γ·(x − μ)/√(σ² + ε) + β with the vector's own
 * μ and σ², computed in double in two passes as the runtime's LayerNormalization does, so the values agree.
 */
final class LayerNormExport implements LayerExport {
  private final LayerNormSpec spec;
  private final ExportClass cls;
  private final String features;
  private final String size;
  private final String epsilon;
  private final String gamma;
  private final String beta;
  private final String method;

  LayerNormExport(LayerNormSpec spec, ExportClass cls) {
    this.spec = spec;
    this.cls = cls;
    String n = spec.name();
    int f = spec.features();
    features = cls.intConstant(n, "features", f, n + ": features, the normalized axis.");
    size = cls.intConstant(n, "size", spec.inputShape().size(), n + ": values per sample.");
    epsilon = cls.doubleConstant(n, "epsilon", spec.epsilon(), n + ": added to the variance before the square root.");
    CodeBlock length = CodeBlock.of("$L", features);
    gamma = cls.parameter(n, "gamma", length, f, n + ".gamma [" + features + "]: scale.");
    beta = cls.parameter(n, "beta", length, f, n + ".beta [" + features + "]: shift.");
    method = cls.names.method(n);
  }

  @Override
  public LayerSpec spec() {
    return spec;
  }

  @Override
  public Optional<MethodSpec> method() {
    return Optional.of(MethodSpec.methodBuilder(method)
        .addModifiers(Modifier.PRIVATE)
        .returns(cls.array())
        .addParameter(cls.array(), "x")
        .addJavadoc("$L: y = γ·(x − μ)/√(σ² + ε) + β, μ and σ² over each vector of features.\n", spec.name())
        .addStatement("$T y = new $T[$L]", cls.array(), cls.scalar(), size)
        .beginControlFlow("for (int o = 0; o < $L; o += $L)", size, features)
        .addStatement("double sum = 0")
        .beginControlFlow("for (int f = 0; f < $L; f++)", features)
        .addStatement("sum += x[o + f]")
        .endControlFlow()
        .addStatement("double mu = sum / $L", features)
        .addStatement("double squares = 0")
        .beginControlFlow("for (int f = 0; f < $L; f++)", features)
        .addStatement("double d = x[o + f] - mu")
        .addStatement("squares += d * d")
        .endControlFlow()
        .addStatement("double inv = 1.0 / Math.sqrt(squares / $L + $L)", features, epsilon)
        .beginControlFlow("for (int f = 0; f < $L; f++)", features)
        .addStatement("y[o + f] = $L($L[f] * ((x[o + f] - mu) * inv) + $L[f])", cls.narrow(), gamma, beta)
        .endControlFlow()
        .endControlFlow()
        .addStatement("return y")
        .build());
  }
}
