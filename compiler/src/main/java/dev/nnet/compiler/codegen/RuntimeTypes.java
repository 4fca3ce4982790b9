package dev.nnet.compiler.codegen;

import com.palantir.javapoet.ClassName;

/**
 * The runtime and library types generated code names. The compiler has no compile dependency on the runtime, so
 * these are names only; {@code ModelCompiler} and the user's build resolve them.
 */
final class RuntimeTypes {
  static final String RUNTIME = "dev.nnet.runtime";
  static final String KERNEL = "dev.nnet.runtime.kernel";

  static final ClassName NETWORK = ClassName.get(RUNTIME, "Network");
  static final ClassName FLOAT_NETWORK = ClassName.get(RUNTIME, "FloatNetwork");
  static final ClassName DOUBLE_NETWORK = ClassName.get(RUNTIME, "DoubleNetwork");
  static final ClassName PARAMETER = ClassName.get(RUNTIME, "Parameter");
  static final ClassName DATASET = ClassName.get(RUNTIME, "Dataset");
  static final ClassName RNG = ClassName.get(RUNTIME, "Rng");
  static final ClassName MATMUL = ClassName.get(RUNTIME + ".blas", "MatMul");
  static final ClassName PARALLEL = ClassName.get(RUNTIME + ".blas", "Parallel");
  static final ClassName PARALLEL_JOB = PARALLEL.nestedClass("Job");

  static final ClassName ACTIVATIONS = ClassName.get(KERNEL, "Activations");
  static final ClassName LOSSES = ClassName.get(KERNEL, "Losses");
  static final ClassName REGULARIZERS = ClassName.get(KERNEL, "Regularizers");
  static final ClassName BIAS = ClassName.get(KERNEL, "Bias");
  static final ClassName DROPOUT = ClassName.get(KERNEL, "Dropout");
  static final ClassName INITIALIZERS = ClassName.get(KERNEL, "Initializers");
  static final ClassName BATCHES = ClassName.get(KERNEL, "Batches");
  static final ClassName CONVOLUTION = ClassName.get(KERNEL, "Convolution");
  static final ClassName GLOBAL_POOLING = ClassName.get(KERNEL, "GlobalPooling");
  static final ClassName BATCH_NORM = ClassName.get(KERNEL, "BatchNormalization");
  static final ClassName LAYER_NORM = ClassName.get(KERNEL, "LayerNormalization");
  static final ClassName EMBEDDING = ClassName.get(KERNEL, "Embedding");
  static final ClassName WINDOW_2D = ClassName.get(KERNEL, "Window2d");
  static final ClassName FLOAT_CONV_2D = ClassName.get(RUNTIME + ".layer", "FloatConv2d");
  static final ClassName DOUBLE_CONV_2D = ClassName.get(RUNTIME + ".layer", "DoubleConv2d");
  static final ClassName POOL_2D = ClassName.get(RUNTIME + ".layer", "Pool2d");
  static final ClassName PARTS = ClassName.get(KERNEL, "Parts");

  static final ClassName F_MATRIX = ClassName.get("org.ejml.data", "FMatrixRMaj");
  static final ClassName D_MATRIX = ClassName.get("org.ejml.data", "DMatrixRMaj");
  static final ClassName GENERATED = ClassName.get("javax.annotation.processing", "Generated");

  private RuntimeTypes() {}
}
