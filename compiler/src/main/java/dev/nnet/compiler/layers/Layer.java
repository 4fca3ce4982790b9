package dev.nnet.compiler.layers;

import dev.nnet.compiler.codegen.LayerEmitter;
import dev.nnet.compiler.export.LayerExport;
import dev.nnet.compiler.export.onnx.OnnxLayer;
import dev.nnet.compiler.model.LayerSpec;

/**
 * A layer kind's spec with every stage's piece: what the model knows ({@link LayerSpec}: shapes, Keras name, FLOPs,
 * parameters, fingerprint), its generated training code ({@link LayerEmitter.Source}), its standalone Java export
 * ({@link LayerExport.Source}) and its ONNX writer ({@link OnnxLayer.Source}). Every kind's record implements it,
 * so a kind that misses a stage does not compile; its checking is the {@code LayerKind} its package declares, and
 * the compiler's {@code LayerTable} lists them all ({@code LayerTableTest} checks that no spec is left out).
 */
public interface Layer extends LayerSpec, LayerEmitter.Source, LayerExport.Source, OnnxLayer.Source {}
