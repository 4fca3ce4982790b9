package dev.nnet.compiler.layers.activation;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import dev.nnet.compiler.codegen.ActivationCode;
import dev.nnet.compiler.codegen.ClassBuilder;
import dev.nnet.compiler.codegen.Extent;
import dev.nnet.compiler.codegen.LayerEmitter;
import dev.nnet.compiler.codegen.Tensor;
import dev.nnet.compiler.model.Activation;
import dev.nnet.compiler.model.LayerSpec;
import dev.nnet.compiler.model.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.Modifier;

/**
 * A standalone activation, y = f(x), into its own buffer (the input stays intact for the layer before it). Softmax
 * normalizes over the last axis, which for a [h, w, c] tensor means per pixel over c.
 *
 * <p>Over a large sample (a convolution's feature maps, {@value ClassBuilder#PART_MIN_SAMPLE_VALUES}+ values) both
 * passes run in parts, one range of samples per thread.
 */
final class ActivationLayerEmitter implements LayerEmitter {
  private final ActivationLayerSpec spec;
  private final ActivationCode activation;
  private Tensor in;
  private Tensor out;
  private String size;
  /** Positions per sample along the axes before the last, for a tensor of rank 2 or more; else null. */
  private String positions;
  private String channels;
  private String forwardName;
  private String backwardName;
  private String forwardJob;
  private String backwardJob;
  private String forwardPartName;
  private String backwardPartName;
  private boolean keepLogits;
  private String logSumExp;

  ActivationLayerEmitter(ActivationLayerSpec spec) {
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

  /** The input stays intact (the output has its own buffer), so it is the logits already. */
  @Override
  public Optional<String> logits() {
    return Optional.of(in.value());
  }

  @Override
  public void keepLogits() {
    keepLogits = true;
  }

  @Override
  public Optional<String> logSumExp() {
    return Optional.ofNullable(logSumExp);
  }

  @Override
  public Tensor declare(ClassBuilder cls, Tensor input, boolean outputGradient) {
    String n = spec.name();
    in = input;
    Shape shape = spec.inputShape();
    size = cls.intConstant(n, "size", shape.size());
    if (shape.rank() > 1) {
      int c = shape.dim(shape.rank() - 1);
      channels = cls.intConstant(n, "channels", c);
      positions = cls.intConstant(n, "positions", shape.size() / c);
    }
    if (keepLogits && positions == null) { // the loss fuses a softmax over one axis only
      logSumExp = activation.logSumExpBuffer(cls, n);
    }
    out = cls.tensor(n, "out", size, spec.outputShape(), outputGradient);
    forwardName = cls.names.method("forward", n);
    backwardName = cls.names.method("backward", n);
    if (shape.size() >= ClassBuilder.PART_MIN_SAMPLE_VALUES) {
      forwardPartName = cls.names.method("forward", n + "Part");
      forwardJob = cls.job(n, "forwardJob", forwardPartName, n + ": forward over one part of the samples");
      if (in.hasGradient()) {
        backwardPartName = cls.names.method("backward", n + "Part");
        backwardJob = cls.job(n, "backwardJob", backwardPartName, n + ": backward over one part of the samples");
      }
    }
    return out;
  }

  /** The values of {@code samples} samples from sample {@code first} on, as runs over the last axis. */
  private Extent extent(String samples, String first) {
    CodeBlock from = first.equals("0") ? CodeBlock.of("0") : CodeBlock.of("$L * $L", first, size);
    if (positions == null) {
      return new Extent(CodeBlock.of("$L", samples), CodeBlock.of("$L", size), from);
    }
    return new Extent(CodeBlock.of("$L * $L", samples, positions), CodeBlock.of("$L", channels), from);
  }

  @Override
  public Optional<MethodSpec> forward() {
    MethodSpec.Builder method = MethodSpec.methodBuilder(forwardName)
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc("$L: $L.\n", spec.name(), activation.formula());
    if (forwardJob != null) {
      method.addStatement("$L($L, $L)", ClassBuilder.RUN_PARTS, forwardJob, ClassBuilder.ROWS);
    } else {
      method.addCode(forwardCode(extent(ClassBuilder.ROWS, "0")));
    }
    return Optional.of(method.build());
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
      method.addStatement("$T.arraycopy($L.data, 0, $L.data, 0, $L)", System.class, out.gradient(), in.gradient(),
          extent(ClassBuilder.ROWS, "0").count());
    } else if (backwardJob != null) {
      method.addStatement("$L($L, $L)", ClassBuilder.RUN_PARTS, backwardJob, ClassBuilder.ROWS);
    } else {
      method.addCode(backwardCode(extent(ClassBuilder.ROWS, "0")));
    }
    return Optional.of(method.build());
  }

  private CodeBlock forwardCode(Extent extent) {
    return activation.forward(in.value(), out.value(), extent, logSumExp);
  }

  private CodeBlock backwardCode(Extent extent) {
    return activation.backward(in.value(), out.value(), out.gradient(), in.gradient(), extent);
  }

  @Override
  public List<MethodSpec> partMethods(boolean activationFusedWithLoss) {
    List<MethodSpec> methods = new ArrayList<>();
    if (forwardJob != null) {
      methods.add(ClassBuilder.samplePart(forwardPartName, spec.name() + " forward",
          forwardCode(extent("(to - from)", "from"))));
    }
    if (backwardJob != null) {
      // Declared even when the loss fused this activation and backward copies instead: the job field refers to it.
      methods.add(ClassBuilder.samplePart(backwardPartName, spec.name() + " backward",
          backwardCode(extent("(to - from)", "from"))));
    }
    return methods;
  }
}
