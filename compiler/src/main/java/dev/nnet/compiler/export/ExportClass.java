package dev.nnet.compiler.export;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.TypeName;
import dev.nnet.compiler.codegen.Names;
import dev.nnet.compiler.model.ActivationKind;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.lang.model.element.Modifier;

/**
 * What the layers add to the exported class, collected in groups so members come out in a stable order:
 * constants, weight arrays (with the statement reading each from the weights file), and the activation helpers
 * used. Layers call it in order; {@link StandaloneWriter} assembles the class.
 */
public final class ExportClass {
  /** The constructor's stream parameter, which the read statements use. */
  public static final String IN = "in";

  public final boolean isDouble;
  public final Names names;
  public final List<FieldSpec> constants = new ArrayList<>();
  public final List<FieldSpec> weightFields = new ArrayList<>();
  public final CodeBlock.Builder reads = CodeBlock.builder();
  public final List<WeightArray> arrays = new ArrayList<>();
  public final Set<ActivationKind> activations = EnumSet.noneOf(ActivationKind.class);
  public boolean softmax;

  public ExportClass(boolean isDouble, Names names) {
    this.isDouble = isDouble;
    this.names = names;
  }

  /** {@code float} or {@code double}: the type the model computes in. */
  public TypeName scalar() {
    return isDouble ? TypeName.DOUBLE : TypeName.FLOAT;
  }

  public ArrayTypeName array() {
    return ArrayTypeName.of(scalar());
  }

  /** The cast that rounds a double to the model's precision: {@code (float) } or nothing. */
  public String narrow() {
    return isDouble ? "" : "(float) ";
  }

  /** A {@code private static final int}; returns its name. */
  public String intConstant(String layer, String part, int value, String javadoc) {
    String name = names.constant(layer, part);
    constants.add(FieldSpec.builder(TypeName.INT, name, Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
        .addJavadoc("$L\n", javadoc)
        .initializer("$L", value)
        .build());
    return name;
  }

  /** A {@code private static final double}; returns its name. */
  public String doubleConstant(String layer, String part, double value, String javadoc) {
    String name = names.constant(layer, part);
    constants.add(FieldSpec.builder(TypeName.DOUBLE, name, Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
        .addJavadoc("$L\n", javadoc)
        .initializer("$L", Double.toString(value))
        .build());
    return name;
  }

  /**
   * A parameter of {@code layer} read from the weights file under its checkpoint name ({@code dense1.kernel},
   * {@code norm1.moving_mean}), in the model's precision; returns its field.
   *
   * @param length the constant expression of its length, for the read statement
   * @param count the same length as a number, for the weights file's layout
   */
  public String parameter(String layer, String role, CodeBlock length, int count, String javadoc) {
    String name = layer + "." + role.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    return array(names.field(layer, role), name, length, count, isDouble, javadoc);
  }

  /** An array of the weights file named {@code name}, read into a new final field; returns the field. */
  public String array(String field, String name, CodeBlock length, int count, boolean asDouble, String javadoc) {
    TypeName type = ArrayTypeName.of(asDouble ? TypeName.DOUBLE : TypeName.FLOAT);
    weightFields.add(FieldSpec.builder(type, field, Modifier.PRIVATE, Modifier.FINAL)
        .addJavadoc("$L\n", javadoc)
        .build());
    reads.addStatement("$L = $L($L, $S, $L)", field, asDouble ? "readDoubles" : "readFloats", IN, name, length);
    arrays.add(new WeightArray(name, count, asDouble));
    return field;
  }

  /** Whether any array is stored as float32 / float64, so the class needs that reader. */
  public boolean reads(boolean asDouble) {
    return arrays.stream().anyMatch(a -> a.isDouble() == asDouble);
  }
}
