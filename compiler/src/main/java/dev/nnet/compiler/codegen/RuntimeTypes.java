package dev.nnet.compiler.codegen;

import com.palantir.javapoet.ClassName;

/**
 * The runtime and library types generated code names. The compiler has no compile dependency on the runtime, so
 * these are names only; {@code ModelCompiler} and the user's build resolve them.
 */
public final class RuntimeTypes {
  public static final String RUNTIME = "dev.nnet.runtime";
  public static final String KERNEL = "dev.nnet.runtime.kernel";

  public static final ClassName NETWORK = ClassName.get(RUNTIME, "Network");
  public static final ClassName FLOAT_NETWORK = ClassName.get(RUNTIME, "FloatNetwork");
  public static final ClassName DOUBLE_NETWORK = ClassName.get(RUNTIME, "DoubleNetwork");
  public static final ClassName PARAMETER = ClassName.get(RUNTIME, "Parameter");
  public static final ClassName DATASET = ClassName.get(RUNTIME, "Dataset");
  public static final ClassName RNG = ClassName.get(RUNTIME, "Rng");
  public static final ClassName MATMUL = ClassName.get(RUNTIME + ".blas", "MatMul");
  public static final ClassName PARALLEL = ClassName.get(RUNTIME + ".blas", "Parallel");
  public static final ClassName PARALLEL_JOB = PARALLEL.nestedClass("Job");

  public static final ClassName ACTIVATIONS = ClassName.get(KERNEL, "Activations");
  public static final ClassName LOSSES = ClassName.get(KERNEL, "Losses");
  public static final ClassName REGULARIZERS = ClassName.get(KERNEL, "Regularizers");
  public static final ClassName BIAS = ClassName.get(KERNEL, "Bias");
  public static final ClassName INITIALIZERS = ClassName.get(KERNEL, "Initializers");
  public static final ClassName BATCHES = ClassName.get(KERNEL, "Batches");
  public static final ClassName CONVOLUTION = ClassName.get(KERNEL, "Convolution");
  public static final ClassName WINDOW_2D = ClassName.get(KERNEL, "Window2d");
  public static final ClassName PARTS = ClassName.get(KERNEL, "Parts");

  public static final ClassName F_MATRIX = ClassName.get("org.ejml.data", "FMatrixRMaj");
  public static final ClassName D_MATRIX = ClassName.get("org.ejml.data", "DMatrixRMaj");
  public static final ClassName GENERATED = ClassName.get("javax.annotation.processing", "Generated");

  private RuntimeTypes() {}
}
