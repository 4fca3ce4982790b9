/**
 * The incremental pipeline from a folder of model files to generated sources, for build tools (the Maven plugin):
 * which models changed, where their classes go, what to delete. Depends on the compiler's facade ({@code Frontend}),
 * diag, model, codegen, io (atomic writes) and the grammar's parser (for the compiler's fingerprint).
 */
package dev.nnet.compiler.pipeline;
