package dev.nnet.compiler.codegen;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
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
 * Writes the model class: one class implementing {@code dev.nnet.runtime.Network}, specialised to the model's
 * layers, shapes and precision. Its parts, in the order they appear: public constants, layer constants, state,
 * parameters, buffers, constructors, the {@code Network} methods, {@code predict}, the loss, then each layer's
 * forward and backward step side by side, then buffer management.
 */
final class NetworkWriter implements SourceWriter {
  private static final ParameterizedTypeName PARAMETER_LIST =
      ParameterizedTypeName.get(com.palantir.javapoet.ClassName.get(List.class), RuntimeTypes.PARAMETER);

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
          "from", "row", "i", "j", "sample", "result", "penalty", "value");
      cls.names.reserveConstants(
          "FINGERPRINT", "INPUT_SIZE", "OUTPUT_SIZE", "TARGET_SIZE", "DEFAULT_BATCH_CAPACITY", TrainingPlanCode.CONSTANT);
      cls.names.reserveMethods(
          "name", "fingerprint", "inputShape", "inputSize", "outputSize", "isDouble", "parameters", "initialize",
          "random", "batchCapacity", "loadBatch", "forward", "backward", "output", "predict", "inputGradient",
          "setInput", "loss", "lossBackward", "penalty", "forwardLayers", "resize", "ensureTrainingBuffers",
          ClassBuilder.RUN_PARTS, TrainingPlanCode.METHOD,
          "toString", "hashCode", "equals", "getClass", "clone", "finalize", "notify", "notifyAll", "wait");
      declare();
    }

    /** Declares the input, every layer and the loss, deciding which tensors get gradient buffers. */
    private void declare() {
      String inputSize = "INPUT_SIZE";
      String inputValue = cls.matrix("input", "", inputSize, false, "The batch's input, one sample per row.");
      String inputGradient = options.inputGradient()
          ? cls.matrix("input", "grad", inputSize, true, "d(loss)/d(input), asked for when generating.")
          : null;
      input = new Tensor(inputValue, inputGradient, inputSize, model.input());
      targets = cls.array("targets", "", CodeBlock.of("$L * TARGET_SIZE", ClassBuilder.CAPACITY), false,
          loss.classTargets() ? "The batch's class indices, one per row." : "The batch's targets, one row per sample.");
      if (model.loss().kind() == dev.nnet.compiler.model.LossKind.HUBER) {
        lossDelta = cls.doubleConstant("huber", "delta", model.loss().delta(), "Huber loss: quadratic for |p − t| <= delta.");
      }
      Tensor x = input;
      boolean gradient = options.inputGradient();
      for (LayerSpec layer : model.layers()) {
        LayerEmitter emitter = LayerEmitter.of(layer);
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
          .addSuperinterface(RuntimeTypes.NETWORK)
          .addAnnotation(AnnotationSpec.builder(RuntimeTypes.GENERATED).addMember("value", "$S", "dev.nnet").build())
          .addJavadoc(classJavadoc());
      publicConstants(type);
      TrainingPlanCode.addTo(type, model);
      type.addFields(cls.constants);
      state(type);
      type.addFields(cls.parameterFields);
      type.addFields(cls.bufferFields);
      type.addFields(cls.trainingFields);
      constructors(type);
      networkMethods(type);
      predict(type);
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
            l.name(), kind(l), l.outputShape(), l.trainableParameters() + l.nonTrainableParameters()));
      }
      doc.add("</pre>\n\n")
          .add("<p>Trainable parameters: $L. Not thread-safe: one instance per thread. Buffers are allocated for\n"
              + "{@code batchCapacity} rows when constructed (training buffers at the first training step), so\n"
              + "no batch allocates.\n", model.trainableParameters());
      return doc.build();
    }

    private static String kind(LayerSpec l) {
      String simple = l.getClass().getSimpleName();
      return switch (simple) {
        case "ActivationLayer" -> "activation";
        case "Conv2d" -> "conv2d";
        case "Pool2d" -> ((LayerSpec.Pool2d) l).kind() == LayerSpec.PoolKind.MAX ? "max_pool2d" : "average_pool2d";
        case "GlobalAveragePool2d" -> "global_average_pool2d";
        case "BatchNorm" -> "batch_norm";
        default -> simple.toLowerCase(java.util.Locale.ROOT);
      };
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
      type.addField(intConstant("TARGET_SIZE", loss.classTargets() ? 1 : model.output().size(),
          loss.classTargets() ? "Values in one target row: the class index." : "Values in one target row."));
      type.addField(intConstant("DEFAULT_BATCH_CAPACITY", model.training().batchSize(),
          "The model's training batch size, the capacity of {@code new " + model.name() + "()}."));
    }

    private static FieldSpec intConstant(String name, int value, String doc) {
      return FieldSpec.builder(TypeName.INT, name, Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
          .addJavadoc("$L\n", doc)
          .initializer("$L", value)
          .build();
    }

    private void state(TypeSpec.Builder type) {
      type.addField(FieldSpec.builder(TypeName.INT, ClassBuilder.CAPACITY, Modifier.PRIVATE, Modifier.FINAL).build());
      if (cls.usesParts) {
        type.addField(FieldSpec.builder(TypeName.INT, ClassBuilder.THREADS, Modifier.PRIVATE, Modifier.FINAL)
            .addJavadoc("Threads a layer's parts may run on: the matrix multiply's when this network was built, one\n"
                + "set of per-part buffers each.\n")
            .build());
      }
      type.addField(FieldSpec.builder(RuntimeTypes.RNG, ClassBuilder.RANDOM, Modifier.PRIVATE, Modifier.FINAL)
          .addJavadoc("Dropout's random source.\n")
          .initializer("new $T(0L)", RuntimeTypes.RNG)
          .build());
      type.addField(FieldSpec.builder(PARAMETER_LIST, "parameters", Modifier.PRIVATE, Modifier.FINAL).build());
      type.addField(FieldSpec.builder(TypeName.INT, ClassBuilder.ROWS, Modifier.PRIVATE)
          .addJavadoc("Rows in the current batch; every buffer is shaped for it.\n")
          .build());
      type.addField(FieldSpec.builder(TypeName.BOOLEAN, "hasTargets", Modifier.PRIVATE)
          .addJavadoc("Whether the current batch came with targets.\n")
          .build());
      type.addField(FieldSpec.builder(TypeName.BOOLEAN, "trainingBuffers", Modifier.PRIVATE)
          .addJavadoc("Whether the buffers only training needs are allocated.\n")
          .build());
      type.addField(FieldSpec.builder(TypeName.BOOLEAN, "trainedForward", Modifier.PRIVATE)
          .addJavadoc("Whether the last forward pass over the current batch was a training one.\n")
          .build());
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
          .addJavadoc("A network for batches of up to {@code batchCapacity} rows, parameters all zero until\n"
              + "{@link #initialize} or a checkpoint sets them.\n")
          .beginControlFlow("if ($L <= 0)", ClassBuilder.CAPACITY)
          .addStatement("throw new $T($S + $L)", IllegalArgumentException.class,
              "batchCapacity must be positive, got ", ClassBuilder.CAPACITY)
          .endControlFlow()
          .addStatement("this.$L = $L", ClassBuilder.CAPACITY, ClassBuilder.CAPACITY)
          .addCode(cls.usesParts
              ? CodeBlock.of("$L = $T.backend().threads();\n", ClassBuilder.THREADS, RuntimeTypes.MATMUL)
              : CodeBlock.of(""))
          .addCode(cls.allocate.build())
          .addStatement("parameters = $T.of($L)", List.class, parameterList())
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
      type.addMethod(override("name", TypeName.get(String.class)).addStatement("return $S", model.name()).build());
      type.addMethod(override("fingerprint", TypeName.get(String.class)).addStatement("return FINGERPRINT").build());
      type.addMethod(override("inputShape", ArrayTypeName.of(TypeName.INT))
          .addStatement("return new int[] {$L}",
              model.input().dims().stream().map(String::valueOf).collect(Collectors.joining(", ")))
          .build());
      type.addMethod(override("inputSize", TypeName.INT).addStatement("return INPUT_SIZE").build());
      type.addMethod(override("outputSize", TypeName.INT).addStatement("return OUTPUT_SIZE").build());
      type.addMethod(override("isDouble", TypeName.BOOLEAN).addStatement("return $L", num.isDouble()).build());
      type.addMethod(override("parameters", PARAMETER_LIST).addStatement("return parameters").build());
      type.addMethod(override("initialize", TypeName.VOID)
          .addParameter(TypeName.LONG, "seed")
          .addStatement("$T $L = new $T(seed)", RuntimeTypes.RNG, ClassBuilder.INIT_RNG, RuntimeTypes.RNG)
          .addCode(cls.initialize.build())
          .addComment("dropout draws from its own stream, derived from the seed")
          .addStatement("$L.setState($L.nextLong())", ClassBuilder.RANDOM, ClassBuilder.INIT_RNG)
          .build());
      type.addMethod(override("random", RuntimeTypes.RNG).addStatement("return $L", ClassBuilder.RANDOM).build());
      type.addMethod(override("batchCapacity", TypeName.INT).addStatement("return $L", ClassBuilder.CAPACITY).build());
      type.addMethod(loadBatch());
      type.addMethod(forward());
      type.addMethod(backward());
      type.addMethod(override("output", TypeName.DOUBLE)
          .addParameter(TypeName.INT, "row")
          .addParameter(TypeName.INT, "j")
          .addStatement("$T.checkIndex(row, $L)", Objects.class, ClassBuilder.ROWS)
          .addStatement("$T.checkIndex(j, OUTPUT_SIZE)", Objects.class)
          .addStatement("return $L.data[row * OUTPUT_SIZE + j]", output.value())
          .build());
    }

    private static MethodSpec.Builder override(String name, TypeName returns) {
      return MethodSpec.methodBuilder(name).addAnnotation(Override.class).addModifiers(Modifier.PUBLIC).returns(returns);
    }

    private MethodSpec loadBatch() {
      MethodSpec.Builder m = override("loadBatch", TypeName.VOID)
          .addParameter(RuntimeTypes.DATASET, "data")
          .addParameter(ArrayTypeName.of(TypeName.INT), "order")
          .addParameter(TypeName.INT, "from")
          .addParameter(TypeName.INT, "n")
          .addJavadoc("{@inheritDoc}\n\n<p>A data set without targets (target size 0) can be run forward; its loss is"
              + " NaN.\n")
          .beginControlFlow("if (n <= 0 || n > $L)", ClassBuilder.CAPACITY)
          .addStatement("throw new $T($S + $L + $S + n)", IllegalArgumentException.class,
              "a batch has 1 to ", ClassBuilder.CAPACITY, " rows, got ")
          .endControlFlow()
          .beginControlFlow("if (data.featureSize() != INPUT_SIZE)")
          .addStatement("throw new $T($S + data.featureSize() + $S + INPUT_SIZE)", IllegalArgumentException.class,
              "the data has ", " values per sample, the model takes ")
          .endControlFlow()
          .beginControlFlow("if (data.targetSize() != TARGET_SIZE && data.targetSize() != 0)")
          .addStatement("throw new $T($S + data.targetSize() + $S + TARGET_SIZE)", IllegalArgumentException.class,
              "the data has ", " targets per sample, the model's loss takes ")
          .endControlFlow()
          .addStatement("resize(n)")
          .addStatement("trainedForward = false")
          .addStatement("$T.gather(data.features(), INPUT_SIZE, order, from, n, $L.data)",
              RuntimeTypes.BATCHES, input.value())
          .addStatement("hasTargets = data.targetSize() != 0")
          .beginControlFlow("if (hasTargets)");
      if (loss.classTargets()) {
        m.addStatement("$T.gatherClasses(data.targets(), order, from, n, OUTPUT_SIZE, $L)", RuntimeTypes.BATCHES, targets);
      } else {
        m.addStatement("$T.gather(data.targets(), TARGET_SIZE, order, from, n, $L)", RuntimeTypes.BATCHES, targets);
      }
      return m.endControlFlow().build();
    }

    private MethodSpec forward() {
      boolean penalty = emitters.stream().anyMatch(e -> e.penalty().isPresent());
      return override("forward", TypeName.DOUBLE)
          .addParameter(TypeName.BOOLEAN, "training")
          .addJavadoc("{@inheritDoc}\n\n<p>NaN when the batch came without targets.\n")
          .beginControlFlow("if ($L == 0)", ClassBuilder.ROWS)
          .addStatement("throw new $T($S)", IllegalStateException.class, "no batch loaded: call loadBatch first")
          .endControlFlow()
          .beginControlFlow("if (training)")
          .addStatement("ensureTrainingBuffers()")
          .endControlFlow()
          .addStatement("forwardLayers(training)")
          .addStatement("trainedForward = training")
          .addStatement(penalty ? "return hasTargets ? loss() + penalty() : Double.NaN"
              : "return hasTargets ? loss() : Double.NaN")
          .build();
    }

    private MethodSpec backward() {
      MethodSpec.Builder m = override("backward", TypeName.VOID)
          .beginControlFlow("if (!trainedForward || !hasTargets)")
          .addStatement("throw new $T($S)", IllegalStateException.class,
              "backward() needs forward(true) on a batch with targets first")
          .endControlFlow();
      if (!output.hasGradient()) {
        m.addComment("no parameters to train and no input gradient asked for: nothing to do");
        return m.build();
      }
      m.addStatement("lossBackward()");
      for (int i = emitters.size() - 1; i >= 0; i--) {
        LayerEmitter e = emitters.get(i);
        Optional<MethodSpec> step = e.backward(fused && e == last());
        step.ifPresent(s -> m.addStatement("$L()", s.name()));
      }
      return m.build();
    }

    private void predict(TypeSpec.Builder type) {
      TypeName array = num.array();
      type.addMethod(MethodSpec.methodBuilder("predict")
          .addModifiers(Modifier.PUBLIC)
          .addParameter(array, "sample")
          .addParameter(array, "result")
          .addJavadoc("Runs one sample through the network for inference (no dropout, moving batch statistics),\n"
              + "without a {@code Dataset}: {@code sample} holds {@link #INPUT_SIZE} values, channels last, and\n"
              + "{@code result} receives {@link #OUTPUT_SIZE}. Replaces the loaded batch; allocates nothing.\n")
          .beginControlFlow("if (sample.length != INPUT_SIZE || result.length != OUTPUT_SIZE)")
          .addStatement("throw new $T($S + INPUT_SIZE + $S + OUTPUT_SIZE + $S + sample.length + $S + result.length)",
              IllegalArgumentException.class, "predict takes ", " values and gives ", ", got arrays of ", " and ")
          .endControlFlow()
          .addStatement("resize(1)")
          .addStatement("hasTargets = false")
          .addStatement("trainedForward = false")
          .addStatement("$T.arraycopy(sample, 0, $L.data, 0, INPUT_SIZE)", System.class, input.value())
          .addStatement("forwardLayers(false)")
          .addStatement("$T.arraycopy($L.data, 0, result, 0, OUTPUT_SIZE)", System.class, output.value())
          .build());
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
      MethodSpec.Builder layers = MethodSpec.methodBuilder("forwardLayers")
          .addModifiers(Modifier.PRIVATE)
          .addParameter(TypeName.BOOLEAN, "training")
          .addJavadoc("Every layer's forward step, in order, over the current batch.\n");
      for (LayerEmitter e : emitters) {
        Optional<MethodSpec> step = e.forward();
        if (step.isEmpty()) {
          layers.addComment("$L: free, the buffers are already laid out flat", e.spec().name());
        } else {
          MethodSpec s = step.get();
          layers.addStatement(s.parameters().isEmpty() ? "$L()" : "$L(training)", s.name());
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
      type.addMethod(loss.value(cls, output, targets, lossDelta));
      if (output.hasGradient()) {
        type.addMethod(loss.gradient(output, targets, lossDelta, fused));
      }
    }

    private void bufferMethods(TypeSpec.Builder type) {
      if (cls.usesParts) {
        type.addMethod(MethodSpec.methodBuilder(ClassBuilder.RUN_PARTS)
            .addModifiers(Modifier.PRIVATE)
            .returns(TypeName.INT)
            .addParameter(RuntimeTypes.PARALLEL_JOB, "job")
            .addParameter(TypeName.INT, "items")
            .addJavadoc("Runs {@code job} cut into parts on the matrix multiply's threads, at most one part per item and\n"
                + "per set of part buffers, and returns how many parts it ran.\n")
            .addStatement("$T team = $T.team()", RuntimeTypes.PARALLEL, RuntimeTypes.MATMUL)
            .addStatement("int parts = Math.min($L, team.parts(items))", ClassBuilder.THREADS)
            .addStatement("team.run(job, parts)")
            .addStatement("return parts")
            .build());
      }
      type.addMethod(MethodSpec.methodBuilder("resize")
          .addModifiers(Modifier.PRIVATE)
          .addParameter(TypeName.INT, ClassBuilder.NEW_ROWS)
          .addJavadoc("Shapes every buffer for {@code n} rows; a partial batch reuses the same arrays.\n")
          .addStatement("$L = $L", ClassBuilder.ROWS, ClassBuilder.NEW_ROWS)
          .addCode(cls.resize.build())
          .beginControlFlow("if (trainingBuffers)")
          .addCode(cls.resizeTraining.build())
          .endControlFlow()
          .build());
      type.addMethod(MethodSpec.methodBuilder("ensureTrainingBuffers")
          .addModifiers(Modifier.PRIVATE)
          .addJavadoc("Allocates what only training needs (gradients of activations, dropout masks) at the first\n"
              + "training step, so that a network used for inference never holds them.\n")
          .beginControlFlow("if (trainingBuffers)")
          .addStatement("return")
          .endControlFlow()
          .addCode(cls.allocateTraining.build())
          .addStatement("trainingBuffers = true")
          .addStatement("resize($L)", ClassBuilder.ROWS)
          .build());
    }
  }
}
