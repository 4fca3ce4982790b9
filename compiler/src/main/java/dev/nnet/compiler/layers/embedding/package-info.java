/**
 * The {@code embedding} layer (Keras' Embedding), token ids to vectors, which starts mask_zero's mask: its spec,
 * keyword and checking, emitter, Java export and ONNX nodes. Depends on the model, check, ast and diag packages, on
 * the {@code Layer} contract of the layers package, and on the stages' toolkits: codegen, export and export.onnx (with
 * JavaPoet and Tribuo's ONNX builder).
 */
package dev.nnet.compiler.layers.embedding;
