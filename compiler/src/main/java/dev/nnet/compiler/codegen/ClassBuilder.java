package dev.nnet.compiler.codegen;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import dev.nnet.compiler.model.ModelSpec;
import dev.nnet.compiler.model.Shape;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * What layer emitters add to the generated class, collected in groups so that members come out in a stable,
 * readable order: constants, parameters, buffers, training buffers; and the code that allocates, resizes and
 * initializes them. Emitters call it in layer order; the {@link NetworkWriter} assembles the class.
 */
public final class ClassBuilder {
  /** Field holding the number of rows the buffers are allocated for. */
  public static final String CAPACITY = "batchCapacity";
  /** Field holding the number of rows in the current batch. */
  public static final String ROWS = "rows";
  /** Local variable of {@code initialize} holding the initializers' random source. */
  public static final String INIT_RNG = "rng";
  /** Field holding dropout's random source. */
  public static final String RANDOM = "random";
  /** Parameter of {@code resize}: the new number of rows. */
  public static final String NEW_ROWS = "n";
  /** The base class's count of threads a layer's parts may run on, as many as there are per-part buffers. */
  public static final String THREADS = "threads()";
  /**
   * The field holding the mask of the current batch, rows × steps, when an embedding has mask_zero: the embedding
   * writes it, the recurrent layers and global pooling after it read it.
   */
  public static final String MASK = "mask";
  /** Method that runs a layer's job in parts and returns how many. */
  public static final String RUN_PARTS = "runParts";

  /**
   * Values per sample from which an element-wise or per-channel layer (an activation layer, batch normalization)
   * runs its passes in parts: a convolution's feature maps do, a dense layer's units stay in one piece, where
   * handing out parts would cost more than the pass.
   */
  public static final int PART_MIN_SAMPLE_VALUES = 2048;

  public final ModelSpec model;
  public final GeneratorOptions options;
  public final Numeric num;
  public final Names names = new Names();

  public final List<FieldSpec> constants = new ArrayList<>();
  public final List<FieldSpec> parameterFields = new ArrayList<>();
  public final List<FieldSpec> bufferFields = new ArrayList<>();
  public final List<FieldSpec> trainingFields = new ArrayList<>();
  public final CodeBlock.Builder allocate = CodeBlock.builder();
  public final CodeBlock.Builder allocateTraining = CodeBlock.builder();
  public final CodeBlock.Builder resize = CodeBlock.builder();
  public final CodeBlock.Builder resizeTraining = CodeBlock.builder();
  public final CodeBlock.Builder initialize = CodeBlock.builder();
  public final List<CodeBlock> parameterEntries = new ArrayList<>();
  /** Whether some layer runs in parts on several threads ({@link #job}, {@link #partMatrices}). */
  public boolean usesParts;

  public ClassBuilder(ModelSpec model, GeneratorOptions options, Numeric num) {
    this.model = model;
    this.options = options;
    this.num = num;
  }

  /**
   * A {@code private static final int} constant, a dimension whose name says what it is ({@code DENSE1_UNITS},
   * {@code CONV2D1_KERNEL_HEIGHT}); returns its name.
   */
  public String intConstant(String layer, String part, int value) {
    String name = names.constant(layer, part);
    constants.add(
        FieldSpec.builder(TypeName.INT, name, Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
            .initializer("$L", value)
            .build());
    return name;
  }

  /** A {@code private static final double} constant; returns its name. */
  public String doubleConstant(String layer, String part, double value, String javadoc) {
    String name = names.constant(layer, part);
    constants.add(
        FieldSpec.builder(TypeName.DOUBLE, name, Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
            .addJavadoc("$L\n", javadoc)
            .initializer("$L", Double.toString(value))
            .build());
    return name;
  }

  /** A {@code private static final} constant of any type with the given initializer; returns its name. */
  public String constant(TypeName type, String layer, String part, CodeBlock initializer, String javadoc) {
    String name = names.constant(layer, part);
    constants.add(
        FieldSpec.builder(type, name, Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
            .addJavadoc("$L\n", javadoc)
            .initializer(initializer)
            .build());
    return name;
  }

  /** A runtime layer object ({@code FloatConv2d}, {@code Pool2d}) built once with the network; returns its name. */
  public String layerObject(TypeName type, String layer, CodeBlock initializer) {
    String name = names.field(layer, "layer");
    bufferFields.add(FieldSpec.builder(type, name, Modifier.PRIVATE, Modifier.FINAL).initializer(initializer).build());
    return name;
  }

  /**
   * A parameter stored as a [rows, cols] matrix with its gradient, listed in {@code parameters()} under
   * {@code layer.role} with the logical {@code shape} (constant names).
   */
  public Param parameter(
      String layer, String role, CodeBlock rows, CodeBlock cols, List<String> shape, boolean trainable) {
    String value = names.field(layer, role);
    String gradient = names.field(layer, role + "Grad");
    String checkpointName = layer + "." + role.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
    CodeBlock alloc = CodeBlock.of("new $T($L, $L)", num.matrix(), rows, cols);
    parameterFields.add(
        FieldSpec.builder(num.matrix(), value, Modifier.PRIVATE, Modifier.FINAL).initializer(alloc).build());
    parameterFields.add(
        FieldSpec.builder(num.matrix(), gradient, Modifier.PRIVATE, Modifier.FINAL).initializer(alloc).build());
    CodeBlock entry = CodeBlock.of("new $T($S, new int[] {$L}, $L, $L, $L)", num.parameter(), checkpointName,
        String.join(", ", shape), trainable, value, gradient);
    // one line in the constructor's parameters(...) call, 8 columns in, unless it would pass SourceText.MAX_LINE
    parameterEntries.add(8 + SourceText.width(entry) + 2 <= SourceText.MAX_LINE ? entry
        : CodeBlock.of("new $T($S, new int[] {$L}, $L,\n$>$>$L, $L$<$<)", num.parameter(), checkpointName,
            String.join(", ", shape), trainable, value, gradient));
    return new Param(value, gradient, checkpointName);
  }

  /**
   * An activation tensor of {@code shape} for {@code layer}, sized for the batch capacity, with a gradient buffer
   * allocated with the training buffers when {@code withGradient}.
   */
  public Tensor tensor(String layer, String part, String size, Shape shape, boolean withGradient) {
    String value = matrix(layer, part, size, false, null);
    String gradient = withGradient ? matrix(layer, part + "Grad", size, true, null) : null;
    return new Tensor(value, gradient, size, shape);
  }

  /**
   * A [rows, size] matrix for the batch: allocated with the model, or with the first training step when
   * {@code training}, and resized with every batch.
   */
  public String matrix(String layer, String part, String size, boolean training, String javadoc) {
    return matrix(layer, part, null, size, training, javadoc);
  }

  /**
   * A [rows·perSample, size] matrix for the batch ({@code perSample} null for one row per sample), such as a
   * convolution's patches, one row per output pixel.
   */
  public String matrix(String layer, String part, CodeBlock perSample, String size, boolean training, String javadoc) {
    String name = names.field(layer, part);
    declare(name, training, javadoc);
    (training ? allocateTraining : allocate)
        .addStatement("$L = new $T($L, $L)", name, num.matrix(), rows(CAPACITY, perSample), size);
    (training ? resizeTraining : resize).addStatement("$L.reshape($L, $L)", name, rows(NEW_ROWS, perSample), size);
    return name;
  }

  /**
   * A second matrix over the array of matrix {@code of}, seen as [rows·perSample, size]: a batch of images
   * [rows, h·w·c] is the same memory as [rows·h·w, c], one row per pixel, which matrix products need.
   */
  public String view(
      String layer, String part, String of, CodeBlock perSample, String size, boolean training, String javadoc) {
    String name = names.field(layer, part);
    declare(name, training, javadoc);
    (training ? allocateTraining : allocate)
        .addStatement("$L = $T.wrap($L, $L, $L.data)", name, num.matrix(), rows(CAPACITY, perSample), size, of);
    (training ? resizeTraining : resize).addStatement("$L.reshape($L, $L)", name, rows(NEW_ROWS, perSample), size);
    return name;
  }

  /**
   * One [rows, cols] matrix per part (per thread) whose size does not follow the batch: each thread running a part
   * of a layer works in its own.
   */
  public String partMatrices(String layer, String part, CodeBlock rows, String cols, String javadoc) {
    usesParts = true;
    String name = names.field(layer, part);
    bufferFields.add(FieldSpec.builder(ArrayTypeName.of(num.matrix()), name, Modifier.PRIVATE, Modifier.FINAL)
        .addJavadoc("$L\n", javadoc)
        .build());
    allocate.addStatement("$L = $T.$L($L, $L, $L)", name, RuntimeTypes.PARTS,
        num.isDouble() ? "doubleMatrices" : "floatMatrices", THREADS, rows, cols);
    return name;
  }

  /** One {@code double} array of {@code length} per part (per thread): sums a part accumulates in double. */
  public String partDoubleArrays(String layer, String part, CodeBlock length, String javadoc) {
    usesParts = true;
    String name = names.field(layer, part);
    bufferFields.add(FieldSpec.builder(double[][].class, name, Modifier.PRIVATE, Modifier.FINAL)
        .addJavadoc("$L\n", javadoc)
        .build());
    allocate.addStatement("$L = new double[$L][$L]", name, THREADS, length);
    return name;
  }

  /** One int per part (per thread), such as which chunk a part's buffer holds. */
  public String partInts(String layer, String part, String javadoc) {
    usesParts = true;
    return intArray(layer, part, CodeBlock.of(THREADS), false, javadoc);
  }

  /**
   * A {@code Parallel.Job} field that calls {@code method(part, parts)} (declared with {@link #partMethod}), made once
   * so that running a layer in parts allocates nothing.
   */
  public String job(String layer, String part, String method, String javadoc) {
    usesParts = true;
    String name = names.field(layer, part);
    bufferFields.add(FieldSpec.builder(RuntimeTypes.PARALLEL_JOB, name, Modifier.PRIVATE, Modifier.FINAL)
        .addJavadoc("$L\n", javadoc)
        .initializer("this::$L", method)
        .build());
    return name;
  }

  /** The start of a method a {@link #job} calls: {@code private void name(int part, int parts)}. */
  public static MethodSpec.Builder partMethod(String name) {
    return MethodSpec.methodBuilder(name)
        .addModifiers(Modifier.PRIVATE)
        .addParameter(TypeName.INT, "part")
        .addParameter(TypeName.INT, "parts");
  }

  /**
   * A {@link #partMethod} over one range of the batch's samples, documented as "{@code what} over one part of the
   * samples": it sets {@code from} and {@code to}, the part's first sample and the one past its last, as
   * {@code runParts(job, rows)} cuts them, then runs {@code code}.
   */
  public static MethodSpec samplePart(String name, String what, CodeBlock code) {
    return partMethod(name)
        .addJavadoc("$L over one part of the samples.\n", what)
        .addStatement("int from = $T.first($L, part, parts)", RuntimeTypes.PARTS, ROWS)
        .addStatement("int to = $T.first($L, part + 1, parts)", RuntimeTypes.PARTS, ROWS)
        .addCode(code)
        .build();
  }

  /**
   * A matrix field; {@code javadoc} null where the name says what it is: a layer's output ({@code …Out}, its shape in
   * the class Javadoc) or a gradient ({@code …Grad}).
   */
  private void declare(String name, boolean training, String javadoc) {
    FieldSpec.Builder field = FieldSpec.builder(num.matrix(), name, Modifier.PRIVATE);
    if (javadoc != null) {
      field.addJavadoc("$L\n", javadoc);
    }
    if (!training) {
      field.addModifiers(Modifier.FINAL);
    }
    (training ? trainingFields : bufferFields).add(field.build());
  }

  private static CodeBlock rows(String rows, CodeBlock perSample) {
    return perSample == null ? CodeBlock.of("$L", rows) : CodeBlock.of("$L * $L", rows, perSample);
  }

  /** A flat array of {@code capacity × size} values of the network's precision (a dropout mask, statistics). */
  public String array(String layer, String part, CodeBlock length, boolean training, String javadoc) {
    return array(num.array(), layer, part, length, training, javadoc);
  }

  /** A flat {@code double} array whatever the precision (sums a kernel accumulates in double). */
  public String doubleArray(String layer, String part, CodeBlock length, boolean training, String javadoc) {
    return array(com.palantir.javapoet.ArrayTypeName.of(TypeName.DOUBLE), layer, part, length, training, javadoc);
  }

  /** A {@code double[]} of {@code length}, allocated with the model: one value per row of the batch, say. */
  public String doubleArray(String layer, String part, CodeBlock length, String javadoc) {
    return array(com.palantir.javapoet.ArrayTypeName.of(TypeName.DOUBLE), layer, part, length, false, javadoc);
  }

  /** A flat {@code int} array (max-pooling's winners). */
  public String intArray(String layer, String part, CodeBlock length, boolean training, String javadoc) {
    return array(com.palantir.javapoet.ArrayTypeName.of(TypeName.INT), layer, part, length, training, javadoc);
  }

  private String array(TypeName type, String layer, String part, CodeBlock length, boolean training, String javadoc) {
    String name = names.field(layer, part);
    FieldSpec.Builder field = FieldSpec.builder(type, name, Modifier.PRIVATE).addJavadoc("$L\n", javadoc);
    if (!training) {
      field.addModifiers(Modifier.FINAL);
    }
    (training ? trainingFields : bufferFields).add(field.build());
    TypeName element = ((com.palantir.javapoet.ArrayTypeName) type).componentType();
    (training ? allocateTraining : allocate).addStatement("$L = new $T[$L]", name, element, length);
    return name;
  }
}
