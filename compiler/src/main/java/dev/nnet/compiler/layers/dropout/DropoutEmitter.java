package dev.nnet.compiler.layers.dropout;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import dev.nnet.compiler.codegen.ClassBuilder;
import dev.nnet.compiler.codegen.LayerEmitter;
import dev.nnet.compiler.codegen.RuntimeTypes;
import dev.nnet.compiler.codegen.Tensor;
import dev.nnet.compiler.model.LayerSpec;
import java.util.Optional;
import javax.lang.model.element.Modifier;

/**
 * Inverted dropout with the network's random source: in training y = x ⊙ m, m = 0 with probability rate and
 * 1/(1 − rate) otherwise, and dx = dy ⊙ m; at inference y = x.
 */
final class DropoutEmitter implements LayerEmitter {
  /** The runtime kernel this layer calls. */
  private static final ClassName DROPOUT = ClassName.get(RuntimeTypes.KERNEL, "Dropout");

  private final DropoutSpec spec;
  private Tensor in;
  private Tensor out;
  private String size;
  private String rate;
  private String mask;
  private String forwardName;
  private String backwardName;

  DropoutEmitter(DropoutSpec spec) {
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
    size = cls.intConstant(n, "size", spec.inputShape().size());
    rate = cls.doubleConstant(n, "rate", spec.rate(), n + ": probability of dropping a value in training.");
    mask = cls.array(n, "mask", CodeBlock.of("$L * $L", ClassBuilder.CAPACITY, size), true,
        n + ": the last training pass's mask, 0 or 1/(1 − rate) per value");
    out = cls.tensor(n, "out", size, spec.outputShape(), outputGradient);
    forwardName = cls.names.method("forward", n);
    backwardName = cls.names.method("backward", n);
    return out;
  }

  @Override
  public Optional<MethodSpec> forward() {
    CodeBlock count = CodeBlock.of("$L * $L", ClassBuilder.ROWS, size);
    return Optional.of(MethodSpec.methodBuilder(forwardName)
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc("$L: in training y = x ⊙ m, m = 0 with probability rate, else 1/(1 − rate); else y = x.\n", spec.name())
        .beginControlFlow("if (training())")
        .addStatement("$T.forward($L.data, $L, $L.data, $L, $L, $L)",
            DROPOUT, in.value(), mask, out.value(), count, rate, ClassBuilder.RANDOM)
        .nextControlFlow("else")
        .addStatement("$T.arraycopy($L.data, 0, $L.data, 0, $L)", System.class, in.value(), out.value(), count)
        .endControlFlow()
        .build());
  }

  @Override
  public Optional<MethodSpec> backward(boolean activationFusedWithLoss) {
    if (!in.hasGradient()) {
      return Optional.empty();
    }
    return Optional.of(MethodSpec.methodBuilder(backwardName)
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc("$L backward: dx = dy ⊙ m.\n", spec.name())
        .addStatement("$T.backward($L, $L.data, $L.data, $L * $L)",
            DROPOUT, mask, out.gradient(), in.gradient(), ClassBuilder.ROWS, size)
        .build());
  }
}
