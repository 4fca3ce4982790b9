package dev.nnet.compiler.codegen;

import com.palantir.javapoet.JavaFile;
import dev.nnet.compiler.model.ModelSpec;

/** Writes one kind of generated file. Pure: the same model and options give the same file, and nothing is written. */
interface SourceWriter {
  JavaFile write(ModelSpec model, GeneratorOptions options);
}
