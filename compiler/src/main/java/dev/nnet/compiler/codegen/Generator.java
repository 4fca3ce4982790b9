package dev.nnet.compiler.codegen;

import com.palantir.javapoet.JavaFile;
import dev.nnet.compiler.io.OutputFiles;
import dev.nnet.compiler.model.ModelSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Generates the Java sources of a checked model, and writes them to disk. */
public final class Generator {
  /** One writer per generated file kind, in the order their files are returned. */
  private static final List<SourceWriter> WRITERS = List.of(new NetworkWriter());

  private Generator() {}

  /**
   * The generated sources, deterministic for the same model and options; the model class comes first.
   *
   * @throws IllegalArgumentException when the model asks for something the generator cannot express (names that
   *     are not Java identifiers, a layer kind it does not support); the checker rejects these first
   */
  public static List<JavaFile> generate(ModelSpec model, GeneratorOptions options) {
    List<JavaFile> files = new ArrayList<>();
    for (SourceWriter w : WRITERS) {
      files.add(w.write(model, options));
    }
    return List.copyOf(files);
  }

  /**
   * Writes {@code files} under {@code dir} in their package folders, each atomically (a temporary file renamed
   * over the old one) and only when its content changed, so an unchanged file keeps its timestamp. Returns the
   * paths written; unchanged files are not among them.
   *
   * @throws IllegalArgumentException when a file's package or class name is not a Java name, which could
   *     otherwise point outside {@code dir}
   */
  public static List<Path> writeTo(List<JavaFile> files, Path dir) throws IOException {
    Path root = dir.toAbsolutePath().normalize();
    List<Path> written = new ArrayList<>();
    for (JavaFile file : files) {
      Path target = pathOf(root, file);
      byte[] content = SourceText.of(file).getBytes(StandardCharsets.UTF_8);
      OutputFiles.checkTarget(target);
      if (Files.isRegularFile(target) && Arrays.equals(Files.readAllBytes(target), content)) {
        continue;
      }
      OutputFiles.write(target, content);
      written.add(target);
    }
    return List.copyOf(written);
  }

  /** dir/package/folders/ClassName.java, refusing names that are not Java names. */
  static Path pathOf(Path root, JavaFile file) {
    String pkg = Names.checkPackageName(file.packageName());
    String name = Names.checkClassName(file.typeSpec().name());
    Path folder = pkg.isEmpty() ? root : root.resolve(pkg.replace('.', '/'));
    Path target = folder.resolve(name + ".java").normalize();
    if (!target.startsWith(root)) {
      throw new IllegalArgumentException("generated file would land outside " + root + ": " + target);
    }
    return target;
  }
}
