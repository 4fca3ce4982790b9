package dev.nnet.compiler.codegen;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import dev.nnet.compiler.model.LayerSpec;
import java.util.Optional;
import javax.lang.model.element.Modifier;

/**
 * Max or average pooling per channel. Max pooling in training remembers which input won each window, so that
 * backward routes each gradient there; average pooling spreads it evenly over the real positions of the window.
 * The usual 2×2 max pooling at stride 2 has its own kernels, which find the winners again in backward from the
 * input and the output instead of recording them: both passes then vectorize.
 */
final class Pool2dEmitter implements LayerEmitter {
  private final LayerSpec.Pool2d spec;
  private final boolean max;
  private boolean twoByTwo;
  private WindowCode window;
  private Tensor in;
  private Tensor out;
  private String winners;
  private String forwardName;
  private String backwardName;

  Pool2dEmitter(LayerSpec.Pool2d spec) {
    this.spec = spec;
    this.max = spec.kind() == LayerSpec.PoolKind.MAX;
  }

  @Override
  public LayerSpec spec() {
    return spec;
  }

  @Override
  public Tensor declare(ClassBuilder cls, Tensor input, boolean outputGradient) {
    String n = spec.name();
    in = input;
    window = new WindowCode(n, spec.inputShape(), spec.poolHeight(), spec.poolWidth(), spec.strideHeight(),
        spec.strideWidth(), spec.padding());
    window.checkOutput(n, window.channels, spec.outputShape());
    window.declare(cls, n, "pool");
    twoByTwo = max && spec.poolHeight() == 2 && spec.poolWidth() == 2 && spec.strideHeight() == 2
        && spec.strideWidth() == 2 && window.padTop == 0 && window.padLeft == 0;
    String outSize = cls.intConstant(n, "outSize", spec.outputShape().size(), n + ": output values per sample.");
    if (max && !twoByTwo && in.hasGradient()) {
      winners = cls.intArray(n, "winners", CodeBlock.of("$L * $L", ClassBuilder.CAPACITY, outSize), true,
          n + ": for each output value, the index of the input that won its window in the last training pass");
    }
    out = cls.tensor(n, "out", outSize, spec.outputShape(), outputGradient);
    forwardName = cls.names.method("forward", n);
    backwardName = cls.names.method("backward", n);
    return out;
  }

  @Override
  public Optional<MethodSpec> forward() {
    MethodSpec.Builder method = MethodSpec.methodBuilder(forwardName).addModifiers(Modifier.PRIVATE);
    if (twoByTwo) {
      method.addJavadoc("$L: y = the max of each 2×2 window, per channel.\n", spec.name())
          .addStatement("$T.maxPool2x2($L.data, $L, $L, $L.data)",
              RuntimeTypes.POOLING, in.value(), ClassBuilder.ROWS, window.windowName, out.value());
    } else if (max) {
      method.addJavadoc("$L: y = the max of each window, per channel.\n", spec.name());
      if (winners != null) {
        method.addParameter(TypeName.BOOLEAN, "training")
            .beginControlFlow("if (training)")
            .addStatement("$T.maxPool($L.data, $L, $L, $L.data, $L)",
                RuntimeTypes.POOLING, in.value(), ClassBuilder.ROWS, window.windowName, out.value(), winners)
            .nextControlFlow("else");
      }
      method.addStatement("$T.maxPool($L.data, $L, $L, $L.data)",
          RuntimeTypes.POOLING, in.value(), ClassBuilder.ROWS, window.windowName, out.value());
      if (winners != null) {
        method.endControlFlow();
      }
    } else {
      method.addJavadoc("$L: y = the mean of each window over its real (not padding) positions, per channel.\n",
          spec.name());
      method.addStatement("$T.averagePool($L.data, $L, $L, $L.data)",
          RuntimeTypes.POOLING, in.value(), ClassBuilder.ROWS, window.windowName, out.value());
    }
    return Optional.of(method.build());
  }

  @Override
  public Optional<MethodSpec> backward(boolean activationFusedWithLoss) {
    if (!in.hasGradient()) {
      return Optional.empty();
    }
    MethodSpec.Builder method = MethodSpec.methodBuilder(backwardName).addModifiers(Modifier.PRIVATE);
    if (twoByTwo) {
      method.addJavadoc("$L backward: each output's gradient goes to the first input of its window equal to it.\n",
              spec.name())
          .addStatement("$T.maxPool2x2Backward($L.data, $L.data, $L.data, $L, $L, $L.data)", RuntimeTypes.POOLING,
              in.value(), out.value(), out.gradient(), ClassBuilder.ROWS, window.windowName, in.gradient());
    } else if (max) {
      method.addJavadoc("$L backward: each output's gradient goes to the input that won its window.\n", spec.name())
          .addStatement("$T.maxPoolBackward($L.data, $L, $L, $L, $L.data)", RuntimeTypes.POOLING,
              out.gradient(), ClassBuilder.ROWS, window.windowName, winners, in.gradient());
    } else {
      method.addJavadoc("$L backward: each output's gradient is shared evenly by its window's positions.\n",
              spec.name())
          .addStatement("$T.averagePoolBackward($L.data, $L, $L, $L.data)", RuntimeTypes.POOLING,
              out.gradient(), ClassBuilder.ROWS, window.windowName, in.gradient());
    }
    return Optional.of(method.build());
  }
}
