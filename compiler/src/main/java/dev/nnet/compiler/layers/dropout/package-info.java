/**
 * The {@code dropout} layer (Keras' Dropout): its spec, keyword and checking, and emitter; it is the identity in both
 * exports. Depends on the model and check packages, on the {@code Layer} contract of the layers package, and on the
 * stages' toolkits: codegen, export and export.onnx (with JavaPoet and Tribuo's ONNX builder).
 */
package dev.nnet.compiler.layers.dropout;
