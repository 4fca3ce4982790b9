package dev.nnet.compiler.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringWriter;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Compiles exported sources as a user would, with nothing on the class path (an empty folder), every lint warning
 * an error, and loads them in a class loader whose parent is the platform loader: no nnet class is visible.
 */
final class StandaloneJavac {
  private StandaloneJavac() {}

  /** Compiles {@code sources} into {@code dir} (beside their weights files) and returns a loader over it. */
  static URLClassLoader compileAlone(Path dir, List<Path> sources) throws IOException {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    Path emptyClassPath = Files.createDirectories(dir.resolve(".empty-class-path"));
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    StringWriter output = new StringWriter();
    boolean ok;
    try (StandardJavaFileManager files =
        javac.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
      List<String> options = new ArrayList<>(List.of(
          "-d", dir.toString(), "-classpath", emptyClassPath.toString(), "-Xlint:all", "-Werror", "-proc:none",
          "--release", "17", "-encoding", "UTF-8"));
      ok = javac.getTask(output, files, diagnostics, options, null, files.getJavaFileObjectsFromPaths(sources)).call();
    }
    assertThat(ok).as("javac alone on %s:%n%s%s", sources, output, diagnostics.getDiagnostics()).isTrue();
    return loader(dir);
  }

  static URLClassLoader loader(Path dir) throws MalformedURLException {
    return new URLClassLoader(new URL[] {dir.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
  }
}
