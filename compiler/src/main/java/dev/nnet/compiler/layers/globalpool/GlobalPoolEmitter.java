package dev.nnet.compiler.layers.globalpool;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import dev.nnet.compiler.codegen.ClassBuilder;
import dev.nnet.compiler.codegen.LayerEmitter;
import dev.nnet.compiler.codegen.RuntimeTypes;
import dev.nnet.compiler.codegen.Tensor;
import dev.nnet.compiler.model.LayerSpec;
import dev.nnet.compiler.model.PoolKind;
import java.util.Optional;
import javax.lang.model.element.Modifier;

/**
 * The max or the mean over every position (a sequence's steps, an image's pixels), per channel: [positions, c] to
 * [c], by the runtime's {@code GlobalPooling}. After an embedding with mask_zero it passes the kernels the
 * network's {@code mask} (1 per real step, 0 per padded step), which they leave the padded steps out with.
 */
final class GlobalPoolEmitter implements LayerEmitter {
  /** The runtime kernel this layer calls. */
  private static final ClassName GLOBAL_POOLING = ClassName.get(RuntimeTypes.KERNEL, "GlobalPooling");

  private final GlobalPoolSpec spec;
  private final boolean max;
  private Tensor in;
  private Tensor out;
  private String positions;
  private String channels;
  /** Max pooling with a backward pass: which position won each output in the last training pass. */
  private String winners;
  private String forwardName;
  private String backwardName;

  GlobalPoolEmitter(GlobalPoolSpec spec) {
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
    positions = cls.intConstant(n, "positions", spec.positions());
    channels = cls.intConstant(n, "channels", spec.channels());
    out = cls.tensor(n, "out", channels, spec.outputShape(), outputGradient);
    if (max && in.hasGradient()) {
      winners = cls.intArray(n, "winners", CodeBlock.of("$L * $L", ClassBuilder.CAPACITY,
          channels), true, n + ": the position that won each output's max in the last training pass.");
    }
    forwardName = cls.names.method("forward", n);
    backwardName = cls.names.method("backward", n);
    return out;
  }

  private String mask() {
    return spec.masked() ? ClassBuilder.MASK : "null";
  }

  private String over() {
    return spec.masked() ? "the real (unmasked) positions p" : "positions p";
  }

  @Override
  public Optional<MethodSpec> forward() {
    MethodSpec.Builder m = MethodSpec.methodBuilder(forwardName)
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc("$L: y[c] = $L of x[p][c]$L.\n", spec.name(),
            max ? "max over " + over() : spec.masked() ? "mean over " + over() : "(1/" + positions + ") Σ over positions p",
            winners != null ? "; training records which p won" : "");
    if (max) {
      m.addStatement("$T.max($L.data, $L, $L,\n$>$>$L, $L, $L.data,\n$L$<$<)", GLOBAL_POOLING,
          in.value(), mask(), ClassBuilder.ROWS, positions, channels, out.value(),
          winners == null ? "null" : "training() ? " + winners + " : null");
    } else {
      m.addStatement("$T.average($L.data, $L, $L,\n$>$>$L, $L, $L.data$<$<)", GLOBAL_POOLING, in.value(),
          mask(), ClassBuilder.ROWS, positions, channels, out.value());
    }
    return Optional.of(m.build());
  }

  @Override
  public Optional<MethodSpec> backward(boolean activationFusedWithLoss) {
    if (!in.hasGradient()) {
      return Optional.empty();
    }
    MethodSpec.Builder m = MethodSpec.methodBuilder(backwardName).addModifiers(Modifier.PRIVATE);
    if (max) {
      m.addJavadoc("$L backward: dx[p][c] = dy[c] where p won the max, 0 elsewhere.\n", spec.name())
          .addStatement("$T.maxBackward($L.data, $L, $L,\n$>$>$L, $L, $L.data$<$<)", GLOBAL_POOLING,
              out.gradient(), winners, ClassBuilder.ROWS, positions, channels, in.gradient());
    } else {
      m.addJavadoc("$L backward: dx[p][c] = dy[c] / $L.\n", spec.name(),
              spec.masked() ? "(the number of real positions), 0 at padded steps" : positions)
          .addStatement("$T.averageBackward($L.data, $L, $L,\n$>$>$L, $L, $L.data$<$<)",
              GLOBAL_POOLING, out.gradient(), mask(), ClassBuilder.ROWS, positions, channels,
              in.gradient());
    }
    return Optional.of(m.build());
  }
}
