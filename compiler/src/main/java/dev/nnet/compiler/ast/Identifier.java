package dev.nnet.compiler.ast;

import dev.nnet.compiler.diag.SourceSpan;

/** A name as written: {@code dense}, {@code relu}, {@code batch_size}. */
public record Identifier(String text, SourceSpan span) {}
