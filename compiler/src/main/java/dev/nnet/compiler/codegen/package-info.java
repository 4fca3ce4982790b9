/**
 * Code generation: a checked {@link dev.nnet.compiler.model.ModelSpec} to Java source (palantir JavaPoet). Writers
 * are pure; {@link dev.nnet.compiler.codegen.Generator#writeTo} is the one place that writes files, atomically
 * through the io package. Depends on the model package and io; names runtime types by ClassName only.
 */
package dev.nnet.compiler.codegen;
