package dev.nnet.compiler.codegen;

import com.palantir.javapoet.CodeBlock;
import dev.nnet.compiler.model.Initializer;

/** Every initializer's call in generated code, in one place; the formulas live in the runtime's Initializers. */
public final class InitializerCode {
  private InitializerCode() {}

  /**
   * The statement filling the parameter {@code value} (a matrix field) with {@code initializer}'s draw from the
   * local random source, for a kernel with the given fan-in and fan-out expressions.
   */
  public static CodeBlock fill(Initializer initializer, String value, CodeBlock fanIn, CodeBlock fanOut) {
    return switch (initializer) {
      case ZEROS -> CodeBlock.builder().addStatement("$T.zeros($L.data)", RuntimeTypes.INITIALIZERS, value).build();
      case ONES -> CodeBlock.builder().addStatement("$T.ones($L.data)", RuntimeTypes.INITIALIZERS, value).build();
      // orthogonal rows or columns of the matrix as stored, Keras' flattening of the kernel to [fan-in, outputs]
      case ORTHOGONAL -> CodeBlock.builder()
          .addStatement("$T.orthogonal($L.data, $L.numRows, $L.numCols, $L)", RuntimeTypes.INITIALIZERS, value, value,
              value, ClassBuilder.INIT_RNG)
          .build();
      default -> CodeBlock.builder()
          .addStatement(
              "$T.$L($L.data, $L, $L, $L)",
              RuntimeTypes.INITIALIZERS,
              kernel(initializer),
              value,
              fanIn,
              fanOut,
              ClassBuilder.INIT_RNG)
          .build();
    };
  }

  private static String kernel(Initializer initializer) {
    return switch (initializer) {
      case GLOROT_UNIFORM -> "glorotUniform";
      case GLOROT_NORMAL -> "glorotNormal";
      case HE_UNIFORM -> "heUniform";
      case HE_NORMAL -> "heNormal";
      case LECUN_UNIFORM -> "lecunUniform";
      case LECUN_NORMAL -> "lecunNormal";
      case ZEROS -> "zeros";
      case ONES -> "ones";
      case ORTHOGONAL -> "orthogonal";
    };
  }
}
