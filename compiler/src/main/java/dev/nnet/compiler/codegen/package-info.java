/**
 * Code generation: a checked {@link dev.nnet.compiler.model.ModelSpec} to Java source (palantir JavaPoet). The
 * {@link dev.nnet.compiler.codegen.NetworkWriter} assembles the class from each layer's
 * {@link dev.nnet.compiler.codegen.LayerEmitter}, which lives in the layer kind's package under
 * {@code dev.nnet.compiler.layers} and builds its members through the toolkit here ({@code ClassBuilder},
 * {@code Tensor}, {@code ActivationCode}, {@code RuntimeTypes}). Writers are pure;
 * {@link dev.nnet.compiler.codegen.Generator#writeTo} is the one place that writes files, atomically through the io
 * package. Depends on the model package and io; names runtime types by ClassName only.
 */
package dev.nnet.compiler.codegen;
