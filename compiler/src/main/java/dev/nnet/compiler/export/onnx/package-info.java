/**
 * The ONNX exporter: a trained model as one ONNX graph (opset {@value dev.nnet.compiler.export.onnx.OnnxExporter#OPSET})
 * with its weights as initializers, built with Tribuo's ONNX builder ({@code org.tribuo.util.onnx}). Each layer's
 * nodes ({@link dev.nnet.compiler.export.onnx.OnnxLayer}) live in the layer kind's package under
 * {@code dev.nnet.compiler.layers}, built on {@code OnnxGraph}, {@code OnnxOps} and {@code OnnxActivations} here.
 * Depends on the model package and that library only; never on the runtime (the CLI hands it the checkpoint's values
 * by name).
 */
package dev.nnet.compiler.export.onnx;
