package dev.nnet.compiler.codegen;

import com.palantir.javapoet.MethodSpec;
import dev.nnet.compiler.model.LayerSpec;
import java.util.Optional;
import javax.lang.model.element.Modifier;

/** The mean over height and width, per channel: [h, w, c] to [c]; backward spreads dy/(h·w) over every pixel. */
final class GlobalAveragePool2dEmitter implements LayerEmitter {
  private final LayerSpec.GlobalAveragePool2d spec;
  private Tensor in;
  private Tensor out;
  private String positions;
  private String channels;
  private String forwardName;
  private String backwardName;

  GlobalAveragePool2dEmitter(LayerSpec.GlobalAveragePool2d spec) {
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
    var shape = spec.inputShape();
    if (shape.rank() != 3) {
      throw new IllegalArgumentException(n + ": expects a [height, width, channels] input, got " + shape);
    }
    positions = cls.intConstant(n, "positions", shape.dim(0) * shape.dim(1));
    channels = cls.intConstant(n, "channels", shape.dim(2));
    out = cls.tensor(n, "out", channels, spec.outputShape(), outputGradient);
    forwardName = cls.names.method("forward", n);
    backwardName = cls.names.method("backward", n);
    return out;
  }

  @Override
  public Optional<MethodSpec> forward() {
    return Optional.of(MethodSpec.methodBuilder(forwardName)
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc("$L: y[c] = (1/$L) Σ over pixels p of x[p][c].\n", spec.name(), positions)
        .addStatement("$T.globalAveragePool($L.data, $L, $L, $L, $L.data)",
            RuntimeTypes.GLOBAL_AVERAGE_POOLING, in.value(), ClassBuilder.ROWS, positions, channels, out.value())
        .build());
  }

  @Override
  public Optional<MethodSpec> backward(boolean activationFusedWithLoss) {
    if (!in.hasGradient()) {
      return Optional.empty();
    }
    return Optional.of(MethodSpec.methodBuilder(backwardName)
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc("$L backward: dx[p][c] = dy[c] / $L.\n", spec.name(), positions)
        .addStatement("$T.globalAveragePoolBackward($L.data, $L, $L, $L, $L.data)",
            RuntimeTypes.GLOBAL_AVERAGE_POOLING, out.gradient(), ClassBuilder.ROWS, positions, channels, in.gradient())
        .build());
  }
}
