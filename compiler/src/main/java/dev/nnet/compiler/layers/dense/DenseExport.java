package dev.nnet.compiler.layers.dense;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import dev.nnet.compiler.export.ActivationExport;
import dev.nnet.compiler.export.ExportClass;
import dev.nnet.compiler.export.LayerExport;
import dev.nnet.compiler.model.LayerSpec;
import java.util.Optional;
import javax.lang.model.element.Modifier;

/**
 * A dense layer, y = f(x·W + b), W [in, units] row-major as in the checkpoint. The sums run in double over the
 * kernel's rows (contiguous in memory), and are rounded to the model's precision before the activation.
 */
final class DenseExport implements LayerExport {
  private final DenseSpec spec;
  private final ExportClass cls;
  private final String in;
  private final String units;
  private final String kernel;
  private final String bias;
  private final String method;

  DenseExport(DenseSpec spec, ExportClass cls) {
    this.spec = spec;
    this.cls = cls;
    String n = spec.name();
    int inSize = spec.inputShape().size();
    in = cls.intConstant(n, "in", inSize, n + ": values per input sample.");
    units = cls.intConstant(n, "units", spec.units(), n + ": output units.");
    kernel = cls.parameter(n, "kernel", CodeBlock.of("$L * $L", in, units), inSize * spec.units(),
        n + ".kernel [" + in + ", " + units + "], row-major: W[i][j] is at i·" + units + " + j.");
    bias = spec.useBias()
        ? cls.parameter(n, "bias", CodeBlock.of("$L", units), spec.units(), n + ".bias [" + units + "].")
        : null;
    method = cls.names.method(n);
  }

  @Override
  public LayerSpec spec() {
    return spec;
  }

  @Override
  public Optional<MethodSpec> method() {
    MethodSpec.Builder m = MethodSpec.methodBuilder(method)
        .addModifiers(Modifier.PRIVATE)
        .returns(cls.array())
        .addParameter(cls.array(), "x")
        .addJavadoc("$L: y = $L(x·W$L), x [$L], W [$L, $L].\n", spec.name(),
            spec.activation().kind().keyword(), bias != null ? " + b" : "", in, in, units)
        .addStatement("double[] z = new double[$L]", units);
    if (bias != null) {
      m.beginControlFlow("for (int j = 0; j < $L; j++)", units)
          .addStatement("z[j] = $L[j]", bias)
          .endControlFlow();
    }
    m.beginControlFlow("for (int i = 0; i < $L; i++)", in)
        .addStatement("double xi = x[i]")
        .addStatement("int row = i * $L", units)
        .beginControlFlow("for (int j = 0; j < $L; j++)", units)
        .addStatement("z[j] += xi * $L[row + j]", kernel)
        .endControlFlow()
        .endControlFlow()
        .addStatement("$T y = new $T[$L]", cls.array(), cls.scalar(), units)
        .beginControlFlow("for (int j = 0; j < $L; j++)", units)
        .addStatement("y[j] = $Lz[j]", cls.narrow())
        .endControlFlow()
        .addCode(ActivationExport.inPlace(cls, spec.activation(), "y", CodeBlock.of("1"), CodeBlock.of(units)))
        .addStatement("return y");
    return Optional.of(m.build());
  }
}
