package dev.nnet.compiler.layers.pool;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import dev.nnet.compiler.codegen.ClassBuilder;
import dev.nnet.compiler.codegen.LayerEmitter;
import dev.nnet.compiler.codegen.RuntimeTypes;
import dev.nnet.compiler.codegen.Tensor;
import dev.nnet.compiler.codegen.WindowCode;
import dev.nnet.compiler.model.LayerSpec;
import dev.nnet.compiler.model.PoolKind;
import java.util.Optional;
import javax.lang.model.element.Modifier;

/**
 * Max or average pooling per channel: the runtime's {@code Pool2d} runs each pass in parts, a range of samples per
 * thread. Max pooling other than 2×2 at stride 2 records in training which input won each window, so the training
 * forward pass differs; the usual 2×2 max pooling finds the winners again in backward instead.
 */
final class PoolEmitter implements LayerEmitter {
  /** The runtime kernel this layer calls. */
  private static final ClassName POOL_2D = ClassName.get(RuntimeTypes.RUNTIME + ".layer", "Pool2d");

  private final Pool2dSpec spec;
  private final boolean max;
  private boolean twoByTwo;
  private WindowCode window;
  private Tensor in;
  private Tensor out;
  private String layer;
  private String forwardName;
  private String backwardName;

  PoolEmitter(Pool2dSpec spec) {
    this.spec = spec;
    this.max = spec.kind() == PoolKind.MAX;
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
    // As MaxPooling2x2.isTwoByTwo: same padding over an odd size pads only the bottom or right, and the 2×2 kernels
    // would read past the sample.
    twoByTwo = max && spec.poolHeight() == 2 && spec.poolWidth() == 2 && spec.strideHeight() == 2
        && spec.strideWidth() == 2 && window.padTop == 0 && window.padLeft == 0
        && 2 * window.outHeight <= window.inHeight && 2 * window.outWidth <= window.inWidth;
    String outSize = cls.intConstant(n, "outSize", spec.outputShape().size());
    layer = cls.layerObject(POOL_2D, n, CodeBlock.of("new $T($T.Kind.$L, $L)", POOL_2D,
        POOL_2D, max ? "MAX" : "AVERAGE", window.windowName));
    out = cls.tensor(n, "out", outSize, spec.outputShape(), outputGradient);
    forwardName = cls.names.method("forward", n);
    backwardName = cls.names.method("backward", n);
    return out;
  }

  /** Whether training records the winners: max pooling other than 2×2 at stride 2, with a backward pass. */
  private boolean records() {
    return max && !twoByTwo && in.hasGradient();
  }

  private String forwardDoc() {
    return twoByTwo ? "the max of each 2×2 window, per channel"
        : max ? "the max of each window, per channel"
        : "the mean of each window over its real (not padding) positions, per channel";
  }

  private String backwardDoc() {
    return twoByTwo ? "each output's gradient goes to the first input of its window equal to it"
        : max ? "each output's gradient goes to the input that won its window"
        : "each output's gradient is shared evenly by its window's positions";
  }

  @Override
  public Optional<MethodSpec> forward() {
    MethodSpec.Builder method = MethodSpec.methodBuilder(forwardName).addModifiers(Modifier.PRIVATE)
        .addJavadoc("$L: y = $L.\n", spec.name(), forwardDoc());
    if (records()) {
      method.beginControlFlow("if (training())")
          .addStatement("$L.forwardRecording($L.data, $L.data, $L)", layer, in.value(), out.value(), ClassBuilder.ROWS)
          .nextControlFlow("else")
          .addStatement("$L.forward($L.data, $L.data, $L)", layer, in.value(), out.value(), ClassBuilder.ROWS)
          .endControlFlow();
    } else {
      method.addStatement("$L.forward($L.data, $L.data, $L)", layer, in.value(), out.value(), ClassBuilder.ROWS);
    }
    return Optional.of(method.build());
  }

  @Override
  public Optional<MethodSpec> backward(boolean activationFusedWithLoss) {
    if (!in.hasGradient()) {
      return Optional.empty();
    }
    return Optional.of(MethodSpec.methodBuilder(backwardName).addModifiers(Modifier.PRIVATE)
        .addJavadoc("$L backward: $L.\n", spec.name(), backwardDoc())
        .addStatement("$L.backward($L.data, $L.data, $L.data, $L.data, $L)", layer, in.value(), out.value(),
            out.gradient(), in.gradient(), ClassBuilder.ROWS)
        .build());
  }
}
