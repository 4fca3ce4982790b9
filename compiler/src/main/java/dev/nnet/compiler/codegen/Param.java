package dev.nnet.compiler.codegen;

/**
 * A parameter in generated code: the matrix fields of its values and gradient, and its checkpoint name
 * ({@code dense1.kernel}).
 */
public record Param(String value, String gradient, String name) {}
