/**
 * The layer kinds, one package each ({@code layers.dense}, {@code layers.layernorm}, ...), holding everything the
 * compiler knows about a kind: its spec record (Keras name, FLOPs, parameters, fingerprint), its keywords with their
 * argument checking and shape rule, its emitter, its Java export writer and its ONNX nodes. This package holds the
 * contract they share ({@link dev.nnet.compiler.layers.Layer}) and the input checks of the window layers
 * ({@link dev.nnet.compiler.layers.Windows}). Depends on the model, ast, diag and check packages and on the stages'
 * toolkits (codegen, export, export.onnx); the compiler's {@code LayerTable} lists every kind.
 */
package dev.nnet.compiler.layers;
