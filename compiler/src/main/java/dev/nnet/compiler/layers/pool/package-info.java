/**
 * The window poolings {@code maxpool2d}, {@code avgpool2d}, {@code maxpool1d} and {@code avgpool1d} (a sequence runs
 * as a 1 × steps image): their specs, keywords and checking, emitter, Java export and ONNX nodes. Depends on the
 * model, check and ast packages, on the {@code Layer} contract of the layers package, and on the stages' toolkits:
 * codegen, export and export.onnx (with JavaPoet and Tribuo's ONNX builder).
 */
package dev.nnet.compiler.layers.pool;
