package dev.nnet.compiler.ast;

import dev.nnet.compiler.diag.SourceSpan;
import java.util.Optional;

/** An argument: positional ({@code 128}) or named ({@code use_bias = false}). */
public record Arg(Optional<Identifier> name, Value value, SourceSpan span) {}
