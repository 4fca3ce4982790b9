package dev.nnet.compiler.codegen;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import dev.nnet.compiler.model.LayerSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.Modifier;

/**
 * Max or average pooling per channel. Max pooling in training remembers which input won each window, so that
 * backward routes each gradient there; average pooling spreads it evenly over the real positions of the window.
 * The usual 2×2 max pooling at stride 2 has its own kernels, which find the winners again in backward from the
 * input and the output instead of recording them: both passes then vectorize. Every pass runs in parts, a range
 * of samples per thread (a sample's windows, and so its winners, lie in that sample).
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
  private String forwardJob;
  /** The training forward pass of max pooling that records winners; else null. */
  private String recordingJob;
  private String backwardJob;
  private String forwardPartName;
  private String recordingPartName;
  private String backwardPartName;

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
    // As Pooling.isTwoByTwo: same padding over an odd size pads only the bottom or right, and the 2×2 kernels
    // would read past the sample.
    twoByTwo = max && spec.poolHeight() == 2 && spec.poolWidth() == 2 && spec.strideHeight() == 2
        && spec.strideWidth() == 2 && window.padTop == 0 && window.padLeft == 0
        && 2 * window.outHeight <= window.inHeight && 2 * window.outWidth <= window.inWidth;
    String outSize = cls.intConstant(n, "outSize", spec.outputShape().size());
    if (max && !twoByTwo && in.hasGradient()) {
      winners = cls.intArray(n, "winners", CodeBlock.of("$L * $L", ClassBuilder.CAPACITY, outSize), true,
          n + ": for each output value, the index of the input that won its window in the last training pass");
    }
    out = cls.tensor(n, "out", outSize, spec.outputShape(), outputGradient);
    forwardName = cls.names.method("forward", n);
    backwardName = cls.names.method("backward", n);
    forwardPartName = cls.names.method("forward", n + "Part");
    forwardJob = cls.job(n, "forwardJob", forwardPartName, n + ": forward over one part of the samples");
    if (winners != null) {
      recordingPartName = cls.names.method("forward", n + "RecordingPart");
      recordingJob = cls.job(n, "recordingJob", recordingPartName,
          n + ": training forward over one part of the samples, recording the winners");
    }
    if (in.hasGradient()) {
      backwardPartName = cls.names.method("backward", n + "Part");
      backwardJob = cls.job(n, "backwardJob", backwardPartName, n + ": backward over one part of the samples");
    }
    return out;
  }

  /**
   * The pass's kernel call over samples {@code from} to {@code from + samples - 1}, recording the winners when
   * {@code recording}.
   */
  private CodeBlock forwardCall(String from, String samples, boolean recording) {
    String kernel = twoByTwo ? "maxPool2x2" : max ? "maxPool" : "averagePool";
    return CodeBlock.of("$T.$L($L.data, $L, $L, $L, $L.data$L)", RuntimeTypes.POOLING, kernel, in.value(), from,
        samples, window.windowName, out.value(), recording ? ", " + winners : "");
  }

  private CodeBlock backwardCall(String from, String samples) {
    if (twoByTwo) {
      return CodeBlock.of("$T.maxPool2x2Backward($L.data, $L.data, $L.data, $L, $L, $L, $L.data)", RuntimeTypes.POOLING,
          in.value(), out.value(), out.gradient(), from, samples, window.windowName, in.gradient());
    } else if (max) {
      return CodeBlock.of("$T.maxPoolBackward($L.data, $L, $L, $L, $L, $L.data)", RuntimeTypes.POOLING,
          out.gradient(), from, samples, window.windowName, winners, in.gradient());
    }
    return CodeBlock.of("$T.averagePoolBackward($L.data, $L, $L, $L, $L.data)", RuntimeTypes.POOLING,
        out.gradient(), from, samples, window.windowName, in.gradient());
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
    if (recordingJob != null) {
      method.addParameter(TypeName.BOOLEAN, "training")
          .addStatement("$L(training ? $L : $L, $L)", ClassBuilder.RUN_PARTS, recordingJob, forwardJob,
              ClassBuilder.ROWS);
    } else {
      method.addStatement("$L($L, $L)", ClassBuilder.RUN_PARTS, forwardJob, ClassBuilder.ROWS);
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
        .addStatement("$L($L, $L)", ClassBuilder.RUN_PARTS, backwardJob, ClassBuilder.ROWS)
        .build());
  }

  @Override
  public List<MethodSpec> partMethods(boolean activationFusedWithLoss) {
    List<MethodSpec> methods = new ArrayList<>();
    methods.add(partMethod(forwardPartName, "forward", forwardCall("from", "to - from", false)));
    if (recordingJob != null) {
      methods.add(partMethod(recordingPartName, "training forward", forwardCall("from", "to - from", true)));
    }
    if (backwardJob != null) {
      methods.add(partMethod(backwardPartName, "backward", backwardCall("from", "to - from")));
    }
    return methods;
  }

  private MethodSpec partMethod(String name, String pass, CodeBlock call) {
    return ClassBuilder.samplePart(name, spec.name() + " " + pass, CodeBlock.builder().addStatement(call).build());
  }
}
