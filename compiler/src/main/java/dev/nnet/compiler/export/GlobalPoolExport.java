package dev.nnet.compiler.export;

import com.palantir.javapoet.MethodSpec;
import dev.nnet.compiler.model.LayerSpec;
import java.util.Optional;
import javax.lang.model.element.Modifier;

/**
 * Global pooling: the max or the mean of each channel over every position (a sequence's steps, an image's pixels),
 * [positions, c] to [c]; the max takes the first of equal values, as the runtime does.
 */
final class GlobalPoolExport implements LayerExport {
  private final LayerSpec.GlobalPool spec;
  private final ExportClass cls;
  private final String positions;
  private final String channels;
  private final String method;

  GlobalPoolExport(LayerSpec.GlobalPool spec, ExportClass cls) {
    if (spec.masked()) {
      // The exported class would need the token ids to know the padded steps; the text input's export brings them.
      throw new UnsupportedOperationException(spec.name() + ": the export of masked global pooling needs the mask");
    }
    this.spec = spec;
    this.cls = cls;
    String n = spec.name();
    positions = cls.intConstant(n, "positions", spec.positions(),
        n + ": positions pooled over (steps, or height × width).");
    channels = cls.intConstant(n, "channels", spec.channels(), n + ": channels.");
    method = cls.names.method(n);
  }

  @Override
  public LayerSpec spec() {
    return spec;
  }

  @Override
  public Optional<MethodSpec> method() {
    boolean max = spec.kind() == LayerSpec.PoolKind.MAX;
    MethodSpec.Builder m = MethodSpec.methodBuilder(method)
        .addModifiers(Modifier.PRIVATE)
        .returns(cls.array())
        .addParameter(cls.array(), "x")
        .addJavadoc("$L: y[c] = $L over the $L positions of x[p][c].\n", spec.name(), max ? "max" : "mean", positions)
        .addStatement("$T y = new $T[$L]", cls.array(), cls.scalar(), channels)
        .beginControlFlow("for (int c = 0; c < $L; c++)", channels);
    if (max) {
      m.addStatement("$T best = x[c]", cls.scalar())
          .beginControlFlow("for (int p = 1; p < $L; p++)", positions)
          .addStatement("best = Math.max(best, x[p * $L + c])", channels)
          .endControlFlow()
          .addStatement("y[c] = best");
    } else {
      m.addStatement("double sum = 0")
          .beginControlFlow("for (int p = 0; p < $L; p++)", positions)
          .addStatement("sum += x[p * $L + c]", channels)
          .endControlFlow()
          .addStatement("y[c] = $L(sum / $L)", cls.narrow(), positions);
    }
    return Optional.of(m.endControlFlow().addStatement("return y").build());
  }
}
