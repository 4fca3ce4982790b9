package dev.nnet.compiler.codegen;

import com.palantir.javapoet.JavaFile;
import dev.nnet.compiler.model.ModelSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Generates the Java sources of a checked model, and writes them to disk. */
public final class Generator {
  private Generator() {}

  /** The generated sources, deterministic for the same model and options. */
  public static List<JavaFile> generate(ModelSpec model, GeneratorOptions options) {
    throw new UnsupportedOperationException("code generator not merged yet");
  }

  /**
   * Writes {@code files} under {@code dir} in their package folders, each atomically and only when its content
   * changed, and returns the paths written.
   */
  public static List<Path> writeTo(List<JavaFile> files, Path dir) throws IOException {
    throw new UnsupportedOperationException("code generator not merged yet");
  }
}
