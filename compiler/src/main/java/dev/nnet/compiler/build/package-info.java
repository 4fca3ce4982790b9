/**
 * Building a folder of model files incrementally, for build tools (the Maven plugin, the command line): which models
 * changed, where their classes go, what to delete. Depends on the compiler's facade, diag, model and codegen.
 */
package dev.nnet.compiler.build;
