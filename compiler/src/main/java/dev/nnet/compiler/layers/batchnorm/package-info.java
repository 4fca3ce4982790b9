/**
 * The {@code batchnorm} layer (Keras' BatchNormalization): its spec, keyword and checking, emitter, Java export and
 * ONNX nodes. Depends on the model and check packages, on the {@code Layer} contract of the layers package, and on the
 * stages' toolkits: codegen, export and export.onnx (with JavaPoet and Tribuo's ONNX builder).
 */
package dev.nnet.compiler.layers.batchnorm;
