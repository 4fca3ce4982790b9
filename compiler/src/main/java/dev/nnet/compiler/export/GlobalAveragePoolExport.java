package dev.nnet.compiler.export;

import com.palantir.javapoet.MethodSpec;
import dev.nnet.compiler.model.LayerSpec;
import java.util.Optional;
import javax.lang.model.element.Modifier;

/** Global average pooling: the mean of each channel over height and width, [h, w, c] to [c]. */
final class GlobalAveragePoolExport implements LayerExport {
  private final LayerSpec.GlobalAveragePool2d spec;
  private final ExportClass cls;
  private final String pixels;
  private final String channels;
  private final String method;

  GlobalAveragePoolExport(LayerSpec.GlobalAveragePool2d spec, ExportClass cls) {
    this.spec = spec;
    this.cls = cls;
    String n = spec.name();
    if (spec.inputShape().rank() != 3) {
      throw new IllegalArgumentException(n + ": expects a [height, width, channels] input, got " + spec.inputShape());
    }
    pixels = cls.intConstant(n, "pixels", spec.inputShape().dim(0) * spec.inputShape().dim(1),
        n + ": positions averaged over, height × width.");
    channels = cls.intConstant(n, "channels", spec.inputShape().dim(2), n + ": channels.");
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
        .addJavadoc("$L: y[c] = mean over the $L positions of x[p][c].\n", spec.name(), pixels)
        .addStatement("$T y = new $T[$L]", cls.array(), cls.scalar(), channels)
        .beginControlFlow("for (int c = 0; c < $L; c++)", channels)
        .addStatement("double sum = 0")
        .beginControlFlow("for (int p = 0; p < $L; p++)", pixels)
        .addStatement("sum += x[p * $L + c]", channels)
        .endControlFlow()
        .addStatement("y[c] = $L(sum / $L)", cls.narrow(), pixels)
        .endControlFlow()
        .addStatement("return y")
        .build());
  }
}
