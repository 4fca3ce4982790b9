package dev.nnet.compiler.codegen;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import dev.nnet.compiler.model.Activation;
import dev.nnet.compiler.model.LayerSpec;
import dev.nnet.compiler.model.Shape;
import java.util.Optional;
import javax.lang.model.element.Modifier;

/**
 * A standalone activation, y = f(x), into its own buffer (the input stays intact for the layer before it). Softmax
 * normalizes over the last axis, which for a [h, w, c] tensor means per pixel over c.
 */
final class ActivationLayerEmitter implements LayerEmitter {
  private final LayerSpec.ActivationLayer spec;
  private final ActivationCode activation;
  private Tensor in;
  private Tensor out;
  private Extent extent;
  private String forwardName;
  private String backwardName;

  ActivationLayerEmitter(LayerSpec.ActivationLayer spec) {
    this.spec = spec;
    this.activation = new ActivationCode(spec.activation());
  }

  @Override
  public LayerSpec spec() {
    return spec;
  }

  @Override
  public Activation activation() {
    return spec.activation();
  }

  @Override
  public Tensor declare(ClassBuilder cls, Tensor input, boolean outputGradient) {
    String n = spec.name();
    in = input;
    Shape shape = spec.inputShape();
    String size = cls.intConstant(n, "size", shape.size(), n + ": values per sample.");
    if (shape.rank() == 1) {
      extent = Extent.of(ClassBuilder.ROWS, size);
    } else {
      int channels = shape.dim(shape.rank() - 1);
      String c = cls.intConstant(n, "channels", channels, n + ": length of the last axis.");
      String positions = cls.intConstant(n, "positions", shape.size() / channels, n + ": positions per sample along the other axes.");
      extent = new Extent(CodeBlock.of("$L * $L", ClassBuilder.ROWS, positions), CodeBlock.of("$L", c));
    }
    out = cls.tensor(n, "out", size, spec.outputShape(), outputGradient);
    forwardName = cls.names.method("forward", n);
    backwardName = cls.names.method("backward", n);
    return out;
  }

  @Override
  public Optional<MethodSpec> forward() {
    return Optional.of(MethodSpec.methodBuilder(forwardName)
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc("$L: $L.\n", spec.name(), activation.formula())
        .addCode(activation.forward(in.value(), out.value(), extent))
        .build());
  }

  @Override
  public Optional<MethodSpec> backward(boolean activationFusedWithLoss) {
    if (!in.hasGradient()) {
      return Optional.empty();
    }
    MethodSpec.Builder method = MethodSpec.methodBuilder(backwardName)
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc("$L backward: dx = dy ⊙ f'(x).\n", spec.name());
    if (activationFusedWithLoss) {
      method.addComment("$L already holds d(loss)/dx: the loss fused $L's backward step", out.gradient(), activation.kind().keyword());
      method.addStatement("$T.arraycopy($L.data, 0, $L.data, 0, $L)", System.class, out.gradient(), in.gradient(), extent.count());
    } else {
      method.addCode(activation.backward(in.value(), out.value(), out.gradient(), in.gradient(), extent));
    }
    return Optional.of(method.build());
  }
}
