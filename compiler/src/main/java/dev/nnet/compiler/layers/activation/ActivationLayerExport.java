package dev.nnet.compiler.layers.activation;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import dev.nnet.compiler.export.ActivationExport;
import dev.nnet.compiler.export.ExportClass;
import dev.nnet.compiler.export.LayerExport;
import dev.nnet.compiler.model.LayerSpec;
import dev.nnet.compiler.model.Shape;
import java.util.Optional;
import javax.lang.model.element.Modifier;

/** A standalone activation layer: the function value by value (softmax over the last axis). */
final class ActivationLayerExport implements LayerExport {
  private final ActivationLayerSpec spec;
  private final ExportClass cls;
  private final String rows;
  private final String cols;
  private final String method;

  ActivationLayerExport(ActivationLayerSpec spec, ExportClass cls) {
    this.spec = spec;
    this.cls = cls;
    String n = spec.name();
    Shape shape = spec.inputShape();
    int last = shape.dim(shape.rank() - 1);
    cols = cls.intConstant(n, "cols", last, n + ": values along the last axis.");
    rows = cls.intConstant(n, "rows", shape.size() / last, n + ": runs of COLS values per sample.");
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
        .addJavadoc("$L: applies $L.\n", spec.name(), ActivationExport.formula(spec.activation()))
        .addStatement("$T y = x.clone()", cls.array())
        .addCode(ActivationExport.inPlace(cls, spec.activation(), "y", CodeBlock.of(rows), CodeBlock.of(cols)))
        .addStatement("return y")
        .build());
  }
}
