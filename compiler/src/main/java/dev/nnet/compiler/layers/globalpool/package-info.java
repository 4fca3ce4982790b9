/**
 * The global poolings over images and sequences ({@code global_avgpool2d}, {@code global_maxpool1d}, ...), which skip
 * an embedding's padded steps: their spec, keywords and checking, emitter, Java export and ONNX nodes. Depends on the
 * model, check and ast packages, on the {@code Layer} contract of the layers package, and on the stages' toolkits:
 * codegen, export and export.onnx (with JavaPoet and Tribuo's ONNX builder).
 */
package dev.nnet.compiler.layers.globalpool;
