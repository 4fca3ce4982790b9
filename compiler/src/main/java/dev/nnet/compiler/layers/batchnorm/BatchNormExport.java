package dev.nnet.compiler.layers.batchnorm;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import dev.nnet.compiler.export.ExportClass;
import dev.nnet.compiler.export.LayerExport;
import dev.nnet.compiler.model.LayerSpec;
import java.util.Optional;
import javax.lang.model.element.Modifier;

/**
 * Batch normalization in its inference form, per channel (the last axis):
 * y = γ·(x − moving_mean)/√(moving_variance + ε) + β, with the moving statistics training left in the checkpoint.
 */
final class BatchNormExport implements LayerExport {
  private final BatchNormSpec spec;
  private final ExportClass cls;
  private final String channels;
  private final String size;
  private final String epsilon;
  private final String gamma;
  private final String beta;
  private final String mean;
  private final String variance;
  private final String method;

  BatchNormExport(BatchNormSpec spec, ExportClass cls) {
    this.spec = spec;
    this.cls = cls;
    String n = spec.name();
    int c = spec.channels();
    channels = cls.intConstant(n, "channels", c, n + ": channels, the normalized axis.");
    size = cls.intConstant(n, "size", spec.inputShape().size(), n + ": values per sample.");
    epsilon = cls.doubleConstant(n, "epsilon", spec.epsilon(), n + ": added to the variance before the square root.");
    CodeBlock length = CodeBlock.of("$L", channels);
    gamma = cls.parameter(n, "gamma", length, c, n + ".gamma [" + channels + "]: scale.");
    beta = cls.parameter(n, "beta", length, c, n + ".beta [" + channels + "]: shift.");
    mean = cls.parameter(n, "movingMean", length, c, n + ".moving_mean [" + channels + "].");
    variance = cls.parameter(n, "movingVariance", length, c, n + ".moving_variance [" + channels + "].");
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
        .addJavadoc("$L: y = γ·(x − moving_mean)/√(moving_variance + ε) + β per channel.\n", spec.name())
        .addStatement("$T y = new $T[$L]", cls.array(), cls.scalar(), size)
        .beginControlFlow("for (int c = 0; c < $L; c++)", channels)
        .addStatement("double scale = $L[c] / Math.sqrt($L[c] + $L)", gamma, variance, epsilon)
        .addStatement("double shift = $L[c] - scale * $L[c]", beta, mean)
        .beginControlFlow("for (int i = c; i < $L; i += $L)", size, channels)
        .addStatement("y[i] = $L(scale * x[i] + shift)", cls.narrow())
        .endControlFlow()
        .endControlFlow()
        .addStatement("return y")
        .build());
  }
}
