package dev.nnet.compiler.layers.globalpool;

import com.palantir.javapoet.MethodSpec;
import dev.nnet.compiler.export.ExportClass;
import dev.nnet.compiler.export.LayerExport;
import dev.nnet.compiler.model.LayerSpec;
import dev.nnet.compiler.model.PoolKind;
import java.util.Optional;
import javax.lang.model.element.Modifier;

/**
 * Global pooling: the max or the mean of each channel over every position (a sequence's steps, an image's pixels),
 * [positions, c] to [c]. After an embedding with mask_zero, the steps whose token id is 0 are left out, as in the
 * runtime (a sample of padding only pools to 0); the ids are the model's input, one per step.
 */
final class GlobalPoolExport implements LayerExport {
  private final GlobalPoolSpec spec;
  private final ExportClass cls;
  private final String positions;
  private final String channels;
  private final String method;

  GlobalPoolExport(GlobalPoolSpec spec, ExportClass cls) {
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
  public boolean readsInput() {
    return spec.masked();
  }

  @Override
  public Optional<MethodSpec> method() {
    boolean max = spec.kind() == PoolKind.MAX;
    MethodSpec.Builder m = MethodSpec.methodBuilder(method)
        .addModifiers(Modifier.PRIVATE)
        .returns(cls.array())
        .addParameter(cls.array(), "x");
    if (spec.masked()) {
      m.addParameter(cls.array(), "ids");
    }
    m.addJavadoc("$L: y[c] = $L over the $L positions of x[p][c]$L.\n", spec.name(), max ? "max" : "mean", positions,
            spec.masked() ? " whose token id is not 0 (padding)" : "")
        .addStatement("$T y = new $T[$L]", cls.array(), cls.scalar(), channels)
        .beginControlFlow("for (int c = 0; c < $L; c++)", channels)
        .addStatement("double acc = $L", max ? "Double.NEGATIVE_INFINITY" : "0")
        .addStatement("int real = 0")
        .beginControlFlow("for (int p = 0; p < $L; p++)", positions);
    if (spec.masked()) {
      m.beginControlFlow("if (ids[p] == 0)").addStatement("continue").endControlFlow();
    }
    m.addStatement(max ? "acc = Math.max(acc, x[p * $L + c])" : "acc += x[p * $L + c]", channels)
        .addStatement("real++")
        .endControlFlow()
        .addStatement("y[c] = real == 0 ? 0 : $L($L)", cls.narrow(), max ? "acc" : "acc / real")
        .endControlFlow()
        .addStatement("return y");
    return Optional.of(m.build());
  }
}
