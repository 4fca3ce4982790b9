package dev.nnet.compiler.export;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.nnet.compiler.codegen.Names;
import dev.nnet.compiler.model.LayerSpec;
import dev.nnet.compiler.model.ModelSpec;
import dev.nnet.compiler.model.Precision;
import dev.nnet.compiler.model.Task;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.lang.model.element.Modifier;

/**
 * Writes the exported class: one final class with no dependency beyond the JDK that reads its weights from a
 * {@link WeightsFormat} file and runs the network forward on one sample. Its parts, in order: public constants,
 * format and layer constants, the weight arrays, the constructor reading them, {@code load()}, {@code predict} (and
 * for classification {@code predictClass} and {@code predictLabel}), {@code main}, one method per layer, the
 * activation helpers, the array readers. Deterministic for the same model and options.
 */
final class StandaloneWriter {
  private static final ClassName GENERATED = ClassName.get("javax.annotation.processing", "Generated");
  private static final ParameterizedTypeName STRING_LIST =
      ParameterizedTypeName.get(ClassName.get(List.class), ClassName.get(String.class));

  private final ModelSpec model;
  private final ExportOptions options;
  private final ExportClass cls;
  private final List<LayerExport> layers = new ArrayList<>();
  private final ClassName self;
  private final List<String> classNames;
  private String inputMean;
  private String inputStd;

  StandaloneWriter(ModelSpec model, ExportOptions options) {
    Names.checkClassName(options.className());
    Names.checkPackageName(options.javaPackage());
    this.model = model;
    this.options = options;
    this.self = ClassName.get(options.javaPackage(), options.className());
    this.classNames = options.classNames(model);
    Names names = new Names();
    names.reserveFields("inputMean", "inputStd", "in", "x", "y", "z", "features", "values", "h");
    names.reserveConstants("INPUT_SIZE", "OUTPUT_SIZE", "CLASSES", "WEIGHTS", "MAGIC", "FORMAT_VERSION", "ARRAYS",
        "INPUT_SCALE", "FLOAT32", "FLOAT64");
    names.reserveMethods("tokenize", "load", "predict", "predictClass", "predictLabel", "main", "readFloats", "readDoubles",
        "toString", "hashCode", "equals", "getClass", "clone", "finalize", "notify", "notifyAll", "wait");
    names.reserveMethods(ActivationExport.reservedNames().toArray(String[]::new));
    this.cls = new ExportClass(model.precision() == Precision.FLOAT64, names);
    if (options.standardized()) {
      CodeBlock size = CodeBlock.of("INPUT_SIZE");
      int n = model.input().size();
      inputMean = cls.array("inputMean", Exporter.STANDARDIZER_MEAN, size, n, false,
          "Per-feature mean of the training data, subtracted from every input.");
      inputStd = cls.array("inputStd", Exporter.STANDARDIZER_STD, size, n, false,
          "Per-feature standard deviation of the training data, dividing every input.");
    }
    for (LayerSpec layer : model.layers()) {
      layers.add(LayerExport.of(layer, cls));
    }
    text = model.tokens().filter(t -> t.text().isPresent() && !options.vocabulary().isEmpty())
        .map(t -> new TextExport(t, options.vocabulary(), cls));
  }

  /** The tokenizer's part of the class, for a model with {@code input text(...)}. */
  private final java.util.Optional<TextExport> text;

  /** The weights file's arrays, in the order the class reads them. */
  List<WeightArray> arrays() {
    return List.copyOf(cls.arrays);
  }

  JavaFile write() {
    List<MethodSpec> layerMethods = new ArrayList<>();
    for (LayerExport l : layers) {
      l.method().ifPresent(layerMethods::add);
    }
    // Layer methods first: writing them records which activation helpers the class needs.
    List<MethodSpec> helpers = ActivationExport.helpers(cls);
    TypeSpec.Builder type = TypeSpec.classBuilder(self)
        .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
        .addAnnotation(AnnotationSpec.builder(GENERATED).addMember("value", "$S", "dev.nnet.export").build())
        .addJavadoc(classJavadoc());
    publicConstants(type);
    privateConstants(type);
    type.addFields(cls.constants);
    type.addFields(cls.weightFields);
    text.ifPresent(t -> type.addField(t.idsField()));
    type.addMethod(WeightsReaderCode.constructor(options.className(), cls, text));
    type.addMethod(load());
    type.addMethod(predict());
    if (isClassifier()) {
      type.addMethod(predictClass());
      type.addMethod(predictLabel());
    }
    text.ifPresent(t -> {
      type.addMethod(t.tokenize());
      type.addMethods(t.predictions(cls.array(), isClassifier()));
    });
    type.addMethod(text.map(t -> t.main(self, printPrediction("text"), isClassifier())).orElseGet(this::main));
    type.addMethods(layerMethods);
    type.addMethods(helpers);
    if (cls.reads(false)) {
      type.addMethod(WeightsReaderCode.reader(false));
    }
    if (cls.reads(true)) {
      type.addMethod(WeightsReaderCode.reader(true));
    }
    return JavaFile.builder(options.javaPackage(), type.build())
        .addFileComment("Exported by nnet from $L. Do not edit: train and export again instead.",
            Names.commentText(model.sourceFile()))
        .skipJavaLangImports(true)
        .build();
  }

  private boolean isClassifier() {
    return model.task() != Task.REGRESSION;
  }

  private String resource() {
    return Exporter.resourceName(options);
  }

  private CodeBlock classJavadoc() {
    String precision = cls.isDouble ? "float64" : "float32";
    CodeBlock.Builder doc = CodeBlock.builder()
        .add("The trained network of {@code $L}, for inference with nothing but the JDK ($L, $L).\n\n",
            Names.commentText(model.sourceFile()), precision, taskWords())
        .add("<pre>\n")
        .add("$L\n", String.format(Locale.ROOT, "%-16s %-22s %-20s %s", "layer", "kind", "output shape", "parameters"));
    for (LayerSpec l : model.layers()) {
      doc.add("$L\n", String.format(Locale.ROOT, "%-16s %-22s %-20s %d", Names.commentText(l.name()), l.kerasName(),
          l.outputShape(), l.trainableParameters() + l.nonTrainableParameters()));
    }
    doc.add("</pre>\n\n");
    doc.add("<p>{@link #predict} takes one sample's {@link #INPUT_SIZE} features as they are in the data files,\n"
        + "flattened channels last");
    if (options.inputScale() != 1.0 || options.standardized()) {
      doc.add(": the class $L as training did", inputWords());
    }
    doc.add(".\n\n");
    doc.add("<p>The weights are read from {@code $L}, a resource beside this class ({@link #load()}), or\n"
        + "from any stream ({@link #$L(InputStream)}). That file holds, big-endian, for\n"
        + "{@link java.io.DataInputStream}: the int 0x4E4E5754 (\"NNWT\"), the format version 1, the class name\n"
        + "(UTF), the number of arrays, then per array its name (UTF), a type byte (4 = float32, 8 = float64), its\n"
        + "length and its values; then the CRC-32 of every byte before it as a long.\n\n", resource(),
        options.className());
    doc.add("<p>Thread-safe: the weights are read-only after construction, and each call works on its own arrays.\n");
    return doc.build();
  }

  private String taskWords() {
    return switch (model.task()) {
      case MULTICLASS_CLASSIFICATION -> model.output().size() + " classes";
      case BINARY_CLASSIFICATION -> "binary classification";
      case REGRESSION -> "regression, " + model.output().size() + (model.output().size() == 1 ? " value" : " values");
    };
  }

  private String inputWords() {
    List<String> steps = new ArrayList<>();
    if (options.inputScale() != 1.0) {
      steps.add("scales them by " + floatLiteral(options.inputScale()).replace("f", ""));
    }
    if (options.standardized()) {
      steps.add("standardizes them with the training data's mean and standard deviation");
    }
    return String.join(" and ", steps);
  }

  private void publicConstants(TypeSpec.Builder type) {
    type.addField(intConstant("INPUT_SIZE", model.input().size(),
        "Features in one sample, shape " + model.input() + ", flattened channels last."));
    type.addField(intConstant("OUTPUT_SIZE", model.output().size(), outputWords()));
    if (isClassifier()) {
      CodeBlock names = CodeBlock.join(classNames.stream().map(n -> CodeBlock.of("$S", n)).toList(), ", ");
      type.addField(FieldSpec.builder(STRING_LIST, "CLASSES", Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
          .addJavadoc("The class names, by class index.\n")
          .initializer("$T.of($L)", List.class, names)
          .build());
    }
    type.addField(FieldSpec.builder(String.class, "WEIGHTS", Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
        .addJavadoc("The weights file's name: {@link #load()} reads it as a resource beside this class.\n")
        .initializer("$S", resource())
        .build());
  }

  private String outputWords() {
    return switch (model.task()) {
      case MULTICLASS_CLASSIFICATION ->
          "Values in one prediction: a probability per class, in the order of {@link #CLASSES}.";
      case BINARY_CLASSIFICATION -> "Values in one prediction: the probability of class 1, {@code CLASSES.get(1)}.";
      case REGRESSION -> "Values in one prediction.";
    };
  }

  private void privateConstants(TypeSpec.Builder type) {
    type.addField(FieldSpec.builder(TypeName.INT, "MAGIC", Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
        .addJavadoc("The weights file's first four bytes, \"NNWT\".\n")
        .initializer("0x$L", Integer.toHexString(WeightsFormat.MAGIC).toUpperCase(Locale.ROOT))
        .build());
    type.addField(intConstant("FORMAT_VERSION", WeightsFormat.VERSION, "The weights file format this class reads."));
    type.addField(intConstant("ARRAYS", cls.arrays.size(), "Arrays in the weights file."));
    if (options.inputScale() != 1.0) {
      type.addField(FieldSpec.builder(TypeName.FLOAT, "INPUT_SCALE", Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
          .addJavadoc("Multiplies every raw feature, as the training data's loader did.\n")
          .initializer("$L", floatLiteral(options.inputScale()))
          .build());
    }
  }

  private static FieldSpec intConstant(String name, int value, String doc) {
    boolean isPublic = name.equals("INPUT_SIZE") || name.equals("OUTPUT_SIZE");
    return FieldSpec.builder(TypeName.INT, name, isPublic ? Modifier.PUBLIC : Modifier.PRIVATE, Modifier.STATIC,
            Modifier.FINAL)
        .addJavadoc("$L\n", doc)
        .initializer("$L", value)
        .build();
  }

  /** The float the runtime multiplies by, {@code (float) scale}, as an exact literal. */
  private static String floatLiteral(double scale) {
    return Float.toString((float) scale) + "f";
  }

  private MethodSpec load() {
    return MethodSpec.methodBuilder("load")
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
        .returns(self)
        .addJavadoc("The model with its weights from the resource {@link #WEIGHTS} beside this class.\n\n"
            + "@throws IllegalStateException when the resource is missing\n"
            + "@throws UncheckedIOException when it cannot be read or is not this model's\n")
        .beginControlFlow("try ($T in = $T.class.getResourceAsStream(WEIGHTS))", InputStream.class, self)
        .beginControlFlow("if (in == null)")
        .addStatement("throw new $T(WEIGHTS + $S + $T.class.getName() + $S)", IllegalStateException.class,
            " not found beside ", self,
            ": copy it into the same folder as the class file (or the same package of your resources)")
        .endControlFlow()
        .addStatement("return new $T(in)", self)
        .nextControlFlow("catch ($T e)", IOException.class)
        .addStatement("throw new $T($S + WEIGHTS + $S + e.getMessage(), e)", UncheckedIOException.class,
            "cannot read ", ": ")
        .endControlFlow()
        .build();
  }

  private MethodSpec predict() {
    MethodSpec.Builder m = MethodSpec.methodBuilder("predict")
        .addModifiers(Modifier.PUBLIC)
        .returns(cls.array())
        .addParameter(float[].class, "features")
        .addJavadoc("The network's output for one sample: $L.\n\n"
            + "@param features {@link #INPUT_SIZE} raw features, as in the data files\n", predictWords())
        .beginControlFlow("if (features.length != INPUT_SIZE)")
        .addStatement("throw new $T($S + INPUT_SIZE + $S + features.length)", IllegalArgumentException.class,
            "the model takes ", " features, got ")
        .endControlFlow()
        .addStatement("$T x = new $T[INPUT_SIZE]", cls.array(), cls.scalar())
        .beginControlFlow("for (int i = 0; i < INPUT_SIZE; i++)");
    String value = "features[i]";
    if (options.inputScale() != 1.0) {
      value = value + " * INPUT_SCALE";
    }
    if (options.standardized()) {
      m.addComment("in float32, as the training data was prepared: $L",
          options.inputScale() != 1.0 ? "scaled on load, then standardized" : "standardized");
      value = "(" + value + " - " + inputMean + "[i]) / " + inputStd + "[i]";
    }
    m.addStatement("x[i] = $L", value).endControlFlow();
    m.addStatement("$T h = x", cls.array());
    for (LayerExport l : layers) {
      if (l.method().isPresent()) {
        m.addStatement(l.readsInput() ? "h = $N(h, x)" : "h = $N(h)", l.method().get());
      } else {
        m.addComment("$L: $L", l.spec().name(), l.note());
      }
    }
    return m.addStatement("return h").build();
  }

  private String predictWords() {
    return switch (model.task()) {
      case MULTICLASS_CLASSIFICATION -> "a probability per class, in the order of {@link #CLASSES}";
      case BINARY_CLASSIFICATION -> "the probability of class 1";
      case REGRESSION -> "the " + model.output().size() + (model.output().size() == 1 ? " value" : " values");
    };
  }

  private MethodSpec predictClass() {
    MethodSpec.Builder m = MethodSpec.methodBuilder("predictClass")
        .addModifiers(Modifier.PUBLIC)
        .returns(TypeName.INT)
        .addParameter(float[].class, "features")
        .addStatement("$T p = predict(features)", cls.array());
    if (model.task() == Task.BINARY_CLASSIFICATION && model.output().size() == 1) {
      return m.addJavadoc("The predicted class: 1 when its probability is at least 0.5, else 0.\n")
          .addStatement("return p[0] >= 0.5 ? 1 : 0")
          .build();
    }
    return m.addJavadoc("The predicted class: the index of the highest probability (the first, on a tie).\n")
        .addStatement("int best = 0")
        .beginControlFlow("for (int j = 1; j < OUTPUT_SIZE; j++)")
        .beginControlFlow("if (p[j] > p[best])")
        .addStatement("best = j")
        .endControlFlow()
        .endControlFlow()
        .addStatement("return best")
        .build();
  }

  private MethodSpec predictLabel() {
    return MethodSpec.methodBuilder("predictLabel")
        .addModifiers(Modifier.PUBLIC)
        .returns(String.class)
        .addParameter(float[].class, "features")
        .addJavadoc("The predicted class's name, from {@link #CLASSES}.\n")
        .addStatement("return CLASSES.get(predictClass(features))")
        .build();
  }

  private MethodSpec main() {
    MethodSpec.Builder m = MethodSpec.methodBuilder("main")
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
        .addParameter(String[].class, "args")
        .addJavadoc("Prints one line per argument, each a sample's features separated by commas: $L.\n",
            isClassifier() ? "the predicted class" : "the predicted values, separated by commas")
        .beginControlFlow("if (args.length == 0)")
        .addStatement("System.err.println($S)", "usage: java " + options.qualifiedName()
            + " FEATURES... (each sample's " + model.input().size() + " features separated by commas)")
        .addStatement("System.exit(2)")
        .endControlFlow()
        .addStatement("$T model = load()", self)
        .beginControlFlow("for (String sample : args)")
        .addStatement("String[] parts = sample.split($S)", ",")
        .addStatement("float[] features = new float[parts.length]")
        .beginControlFlow("for (int i = 0; i < parts.length; i++)")
        .addStatement("features[i] = Float.parseFloat(parts[i].trim())")
        .endControlFlow();
    return m.addCode(printPrediction("features")).endControlFlow().build();
  }

  /** main's line for one sample {@code input}: the predicted class, or the values separated by commas. */
  private CodeBlock printPrediction(String input) {
    if (isClassifier()) {
      return CodeBlock.builder().addStatement("System.out.println(model.predictLabel($L))", input).build();
    }
    return CodeBlock.builder()
        .addStatement("$T p = model.predict($L)", cls.array(), input)
        .addStatement("StringBuilder line = new StringBuilder()")
        .beginControlFlow("for (int j = 0; j < p.length; j++)")
        .addStatement("line.append(j == 0 ? $S : $S).append(p[j])", "", ",")
        .endControlFlow()
        .addStatement("System.out.println(line)")
        .build();
  }
}
