package dev.nnet.compiler.codegen;

import com.palantir.javapoet.CodeBlock;

/**
 * How many values a kernel call covers, as generated expressions: {@code rows} runs of {@code cols} values, the
 * last axis being {@code cols} (softmax normalizes over it). A dense output is {@code rows × UNITS}; a
 * convolution output is {@code rows·OUT_HEIGHT·OUT_WIDTH × FILTERS}, or one chunk of it, starting at value
 * {@code from}.
 */
public record Extent(CodeBlock rows, CodeBlock cols, CodeBlock from) {
  /** From the start of the buffers. */
  public Extent(CodeBlock rows, CodeBlock cols) {
    this(rows, cols, CodeBlock.of("0"));
  }

  public static Extent of(String rows, String cols) {
    return new Extent(CodeBlock.of("$L", rows), CodeBlock.of("$L", cols));
  }

  /** rows · cols. */
  public CodeBlock count() {
    return CodeBlock.of("$L * $L", rows, cols);
  }
}
