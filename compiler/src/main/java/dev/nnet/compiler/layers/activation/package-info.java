/**
 * The {@code activation} layer (Keras' Activation), one activation on its own: its spec, keyword and checking, emitter
 * and Java export; its ONNX nodes are the activation's. Depends on the model and check packages, on the {@code Layer}
 * contract of the layers package, and on the stages' toolkits: codegen, export and export.onnx (with JavaPoet and
 * Tribuo's ONNX builder).
 */
package dev.nnet.compiler.layers.activation;
