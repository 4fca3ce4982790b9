package dev.nnet.compiler.codegen;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.nnet.compiler.model.LayerSpec;
import dev.nnet.compiler.model.ModelSpec;
import dev.nnet.compiler.model.Precision;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import javax.lang.model.element.Modifier;

/**
 * Writes the model class: one class extending the runtime's {@code FloatNetwork} or {@code DoubleNetwork}, which
 * hold what every network shares (batch loading, predict, the accessors, the checks, part scheduling). The class
 * keeps what is specific to its model, in the order it appears: public constants, layer constants, parameters,
 * buffers, constructors, the initializers, the forward and backward sequences, the loss, then each layer's forward
 * and backward step side by side, then buffer management.
 */
final class NetworkWriter implements SourceWriter {
  @Override
  public JavaFile write(ModelSpec model, GeneratorOptions options) {
    return new Assembly(model, options).javaFile();
  }

  /** The state of writing one class. */
  private static final class Assembly {
    private final ModelSpec model;
    private final GeneratorOptions options;
    private final Numeric num;
    private final ClassBuilder cls;
    private final LossCode loss;
    private final List<LayerEmitter> emitters = new ArrayList<>();
    private Tensor input;
    private Tensor output;
    private String targets;
    private String lossDelta;
    private boolean fused;

    Assembly(ModelSpec model, GeneratorOptions options) {
      Names.checkClassName(model.name());
      Names.checkPackageName(model.javaPackage());
      this.model = model;
      this.options = options;
      Precision precision = options.precision().orElse(model.precision());
      this.num = new Numeric(precision);
      this.cls = new ClassBuilder(model, options, num);
      this.loss = new LossCode(model.loss());
      cls.names.reserveFields(
          ClassBuilder.CAPACITY, ClassBuilder.ROWS, ClassBuilder.RANDOM, ClassBuilder.INIT_RNG, ClassBuilder.NEW_ROWS,
          ClassBuilder.THREADS,
          "parameters", "hasTargets", "trainingBuffers", "trainedForward", "seed", "training", "data", "order",
          "from", "row", "i", "j", "sample", "result", "penalty", "value", "input", "targets", "targetSize",
          "classTargets", "threads", ClassBuilder.MASK, "name", "fingerprint", "inputShape", "inputSize", "outputSize");
      cls.names.reserveConstants(
          "FINGERPRINT", "INPUT_SIZE", "OUTPUT_SIZE", "TARGET_SIZE", "DEFAULT_BATCH_CAPACITY", TrainingPlanCode.CONSTANT);
      cls.names.reserveMethods(
          "name", "fingerprint", "inputShape", "inputSize", "outputSize", "isDouble", "parameters", "initialize",
          "random", "batchCapacity", "loadBatch", "forward", "backward", "output", "predict", "inputGradient",
          "setInput", "loss", "lossBackward", "penalty", "forwardLayers", "training", "resize", "ensureTrainingBuffers",
          "backwardLayers", "resizeBuffers", "allocateTrainingBuffers", "outputBuffer", "outputValue", "vocabularySize",
          "gatherInput", "gatherTargets", "startPrediction", "threads", ClassBuilder.RUN_PARTS, TrainingPlanCode.METHOD,
          "toString", "hashCode", "equals", "getClass", "clone", "finalize", "notify", "notifyAll", "wait");
      declare();
    }

    /** Declares the input, every layer and the loss, deciding which tensors get gradient buffers. */
    private void declare() {
      String inputSize = "INPUT_SIZE";
      String inputValue = "input"; // the base class's, reshaped by it
      String inputGradient = options.inputGradient()
          ? cls.matrix("input", "grad", inputSize, true, "d(loss)/d(input), asked for when generating.")
          : null;
      input = new Tensor(inputValue, inputGradient, inputSize, model.input());
      targets = "targets"; // the base class's
      if (model.loss().kind() == dev.nnet.compiler.model.LossKind.HUBER) {
        lossDelta = cls.doubleConstant("huber", "delta", model.loss().delta(), "Huber loss: quadratic for |p − t| <= delta.");
      }
      Tensor x = input;
      boolean gradient = options.inputGradient();
      List<LayerEmitter> layers = model.layers().stream().map(LayerEmitter::of).toList();
      for (int i = 0; i + 1 < layers.size(); i++) {
        layers.get(i).precedes(layers.get(i + 1));
      }
      for (int i = 0; i < layers.size(); i++) {
        LayerEmitter emitter = layers.get(i);
        if (i == layers.size() - 1 && loss.fuses(emitter.activation(), model.output())) {
          emitter.keepLogits();
        }
        gradient |= emitter.hasParameters();
        x = emitter.declare(cls, x, gradient);
        emitters.add(emitter);
      }
      output = x;
      fused = output.hasGradient() && loss.fuses(last().activation(), model.output());
    }

    private LayerEmitter last() {
      return emitters.get(emitters.size() - 1);
    }

    JavaFile javaFile() {
      TypeSpec.Builder type = TypeSpec.classBuilder(model.name())
          .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
          .superclass(num.isDouble() ? RuntimeTypes.DOUBLE_NETWORK : RuntimeTypes.FLOAT_NETWORK)
          .addAnnotation(AnnotationSpec.builder(RuntimeTypes.GENERATED).addMember("value", "$S", "dev.nnet").build())
          .addJavadoc(classJavadoc());
      publicConstants(type);
      TrainingPlanCode.addTo(type, model);
      type.addFields(cls.constants);
      type.addFields(cls.parameterFields);
      type.addFields(cls.bufferFields);
      type.addFields(cls.trainingFields);
      constructors(type);
      networkMethods(type);
      if (options.inputGradient()) {
        inputGradientMethods(type);
      }
      lossMethods(type);
      for (LayerEmitter e : emitters) {
        e.forward().ifPresent(type::addMethod);
        if (output.hasGradient()) {
          e.backward(fused && e == last()).ifPresent(type::addMethod);
        }
        type.addMethods(e.partMethods(fused && e == last()));
      }
      bufferMethods(type);
      return JavaFile.builder(model.javaPackage(), type.build())
          .addFileComment("Generated by nnet from $L. Do not edit: change the model file and regenerate.",
              Names.commentText(model.sourceFile()))
          .skipJavaLangImports(true)
          .build();
    }

    private CodeBlock classJavadoc() {
      CodeBlock.Builder doc = CodeBlock.builder()
          .add("The network of {@code $L}, generated by nnet: $L, loss $L.\n\n",
              Names.commentText(model.sourceFile()), num.keyword(), model.loss().kind().keyword())
          .add("<pre>\n")
          .add("$L\n", String.format("%-16s %-22s %-20s %s", "layer", "kind", "output shape", "parameters"));
      for (LayerSpec l : model.layers()) {
        doc.add("$L\n", String.format("%-16s %-22s %-20s %d",
            l.name(), l.kerasName(), l.outputShape(), l.trainableParameters() + l.nonTrainableParameters()));
      }
      doc.add("</pre>\n\n")
          .add("<p>Trainable parameters: $L. Not thread-safe: one instance per thread.\n",
              model.trainableParameters());
      return doc.build();
    }

    private void publicConstants(TypeSpec.Builder type) {
      Precision precision = num.precision();
      type.addField(FieldSpec.builder(String.class, "FINGERPRINT", Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
          .addJavadoc("Hash of the architecture: checkpoints of another architecture are refused.\n")
          .initializer("$S", Fingerprint.of(model, precision))
          .build());
      type.addField(intConstant("INPUT_SIZE", model.input().size(),
          "Values in one input sample, shape " + model.input() + ", flattened channels last."));
      type.addField(intConstant("OUTPUT_SIZE", model.output().size(), "Values in one output row."));
      type.addField(intConstant("DEFAULT_BATCH_CAPACITY", model.training().batchSize(),
          "The model's training batch size, the capacity of {@code new " + model.name() + "()}."));
    }

    private static FieldSpec intConstant(String name, int value, String doc) {
      return FieldSpec.builder(TypeName.INT, name, Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
          .addJavadoc("$L\n", doc)
          .initializer("$L", value)
          .build();
    }

    private void constructors(TypeSpec.Builder type) {
      type.addMethod(MethodSpec.constructorBuilder()
          .addModifiers(Modifier.PUBLIC)
          .addJavadoc("A network for batches of up to {@link #DEFAULT_BATCH_CAPACITY} rows.\n")
          .addStatement("this(DEFAULT_BATCH_CAPACITY)")
          .build());
      type.addMethod(MethodSpec.constructorBuilder()
          .addModifiers(Modifier.PUBLIC)
          .addParameter(TypeName.INT, ClassBuilder.CAPACITY)
          .addJavadoc("A network for batches of up to {@code batchCapacity} rows, all parameters zero until"
              + " initialized.\n")
          .addStatement("super($S, FINGERPRINT, new int[] {$L}, OUTPUT_SIZE, $L, $L)", model.name(),
              model.input().dims().stream().map(String::valueOf).collect(Collectors.joining(", ")),
              loss.classTargets(), ClassBuilder.CAPACITY)
          .addCode(cls.allocate.build())
          .addStatement("parameters($L)", parameterList())
          .build());
    }

    private CodeBlock parameterList() {
      if (cls.parameterEntries.isEmpty()) {
        return CodeBlock.of("");
      }
      return CodeBlock.builder()
          .add("\n")
          .add(CodeBlock.join(cls.parameterEntries, ",\n"))
          .build();
    }

    private void networkMethods(TypeSpec.Builder type) {
      type.addMethod(MethodSpec.methodBuilder("initialize")
          .addAnnotation(Override.class)
          .addModifiers(Modifier.PROTECTED)
          .addParameter(RuntimeTypes.RNG, ClassBuilder.INIT_RNG)
          .addCode(cls.initialize.build())
          .build());
      type.addMethod(MethodSpec.methodBuilder("outputBuffer")
          .addAnnotation(Override.class)
          .addModifiers(Modifier.PROTECTED)
          .returns(num.matrix())
          .addStatement("return $L", output.value())
          .build());
      type.addMethod(backward());
      for (LayerEmitter e : emitters) {
        type.addMethods(e.networkMethods());
      }
    }

    private static MethodSpec.Builder override(String name, TypeName returns) {
      return MethodSpec.methodBuilder(name).addAnnotation(Override.class).addModifiers(Modifier.PROTECTED).returns(returns);
    }

    private MethodSpec backward() {
      MethodSpec.Builder m = override("backwardLayers", TypeName.VOID);
      if (!output.hasGradient()) {
        m.addComment("no parameters to train and no input gradient asked for: nothing to do");
        return m.build();
      }
      m.addCode(loss.gradient(output, targets, lossDelta, fused));
      for (int i = emitters.size() - 1; i >= 0; i--) {
        LayerEmitter e = emitters.get(i);
        Optional<MethodSpec> step = e.backward(fused && e == last());
        step.ifPresent(s -> m.addStatement("$L()", s.name()));
      }
      return m.build();
    }

    private void inputGradientMethods(TypeSpec.Builder type) {
      type.addMethod(MethodSpec.methodBuilder("inputGradient")
          .addModifiers(Modifier.PUBLIC)
          .returns(TypeName.DOUBLE)
          .addParameter(TypeName.INT, "row")
          .addParameter(TypeName.INT, "i")
          .addJavadoc("d(loss)/d(input value {@code i} of {@code row}) after {@link #backward}; generated on request,\n"
              + "for gradient checks.\n")
          .addStatement("$T.checkIndex(row, $L)", Objects.class, ClassBuilder.ROWS)
          .addStatement("$T.checkIndex(i, INPUT_SIZE)", Objects.class)
          .addStatement("return $L.data[row * INPUT_SIZE + i]", input.gradient())
          .build());
      type.addMethod(MethodSpec.methodBuilder("setInput")
          .addModifiers(Modifier.PUBLIC)
          .addParameter(TypeName.INT, "row")
          .addParameter(TypeName.INT, "i")
          .addParameter(TypeName.DOUBLE, "value")
          .addJavadoc("Overwrites input value {@code i} of {@code row} of the loaded batch, so that a gradient check\n"
              + "can perturb inputs in the network's precision.\n")
          .addStatement("$T.checkIndex(row, $L)", Objects.class, ClassBuilder.ROWS)
          .addStatement("$T.checkIndex(i, INPUT_SIZE)", Objects.class)
          .addStatement(num.isDouble() ? "$L.data[row * INPUT_SIZE + i] = value"
              : "$L.data[row * INPUT_SIZE + i] = (float) value", input.value())
          .build());
    }

    private void lossMethods(TypeSpec.Builder type) {
      MethodSpec.Builder layers = override("forwardLayers", TypeName.VOID);
      for (LayerEmitter e : emitters) {
        Optional<MethodSpec> step = e.forward();
        if (step.isEmpty()) {
          layers.addComment("$L: $L", e.spec().name(), e.whyNoForwardStep());
        } else {
          MethodSpec s = step.get();
          layers.addStatement("$L()", s.name());
        }
      }
      type.addMethod(layers.build());
      List<CodeBlock> penalties = emitters.stream().flatMap(e -> e.penalty().stream()).toList();
      if (!penalties.isEmpty()) {
        MethodSpec.Builder p = MethodSpec.methodBuilder("penalty")
            .addModifiers(Modifier.PRIVATE)
            .returns(TypeName.DOUBLE)
            .addJavadoc("The L2 penalty: the sum over regularised kernels W of l2·Σ w².\n")
            .addStatement("double penalty = 0");
        penalties.forEach(c -> p.addStatement("penalty += $L", c));
        type.addMethod(p.addStatement("return penalty").build());
      }
      boolean fusedLoss = loss.fuses(last().activation(), model.output());
      type.addMethod(loss.value(output, last().logits().filter(l -> fusedLoss),
          last().logSumExp().filter(l -> fusedLoss), targets, lossDelta, !penalties.isEmpty()));
    }

    private void bufferMethods(TypeSpec.Builder type) {
      type.addMethod(override("resizeBuffers", TypeName.VOID)
          .addParameter(TypeName.INT, ClassBuilder.NEW_ROWS)
          .addParameter(TypeName.BOOLEAN, "training")
          .addCode(cls.resize.build())
          .beginControlFlow("if (training)")
          .addCode(cls.resizeTraining.build())
          .endControlFlow()
          .build());
      type.addMethod(override("allocateTrainingBuffers", TypeName.VOID)
          .addCode(cls.allocateTraining.build())
          .build());
    }
  }
}
