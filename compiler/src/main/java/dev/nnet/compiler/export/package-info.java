/**
 * The standalone exporter: a trained model as one Java class that needs nothing but the JDK, plus the weights file
 * it reads. Each layer's part ({@link dev.nnet.compiler.export.LayerExport}) lives in the layer kind's package under
 * {@code dev.nnet.compiler.layers} and declares its members through {@code ExportClass}. Depends on the model
 * package, on codegen's {@code Names} (the one allocator of identifiers made from user text) and on JavaPoet; never
 * on the runtime (the CLI hands it the values).
 */
package dev.nnet.compiler.export;
