package dev.nnet.compiler.codegen;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.TypeName;
import dev.nnet.compiler.model.Precision;

/**
 * The types generated code computes in: {@code float} with {@code FMatrixRMaj} and {@code Parameter.F32}, or
 * {@code double} with {@code DMatrixRMaj} and {@code Parameter.F64}. Kernels are overloaded for both, so the two
 * variants of a generated class differ only in these names.
 */
public record Numeric(Precision precision) {
  public boolean isDouble() {
    return precision == Precision.FLOAT64;
  }

  public TypeName scalar() {
    return isDouble() ? TypeName.DOUBLE : TypeName.FLOAT;
  }

  public ArrayTypeName array() {
    return ArrayTypeName.of(scalar());
  }

  public ClassName matrix() {
    return isDouble() ? RuntimeTypes.D_MATRIX : RuntimeTypes.F_MATRIX;
  }

  public ClassName parameter() {
    return RuntimeTypes.PARAMETER.nestedClass(isDouble() ? "F64" : "F32");
  }

  /** How the model file spells the precision. */
  public String keyword() {
    return isDouble() ? "float64" : "float32";
  }
}
