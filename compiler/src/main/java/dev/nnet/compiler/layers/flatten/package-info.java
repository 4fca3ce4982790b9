/**
 * The {@code flatten} layer (Keras' Flatten): its spec, keyword and checking, and emitter; it is free in the Java
 * export and a reshape in ONNX. Depends on the model, check, ast and diag packages, on the {@code Layer} contract of
 * the layers package, and on the stages' toolkits: codegen, export and export.onnx (with JavaPoet and Tribuo's ONNX
 * builder).
 */
package dev.nnet.compiler.layers.flatten;
