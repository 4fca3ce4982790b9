package dev.nnet.compiler.fuzz;

import com.palantir.javapoet.JavaFile;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * javac for the fuzz target, made cheap enough to run thousands of times: one file manager kept open for every
 * compilation (so the class path is indexed once), a class path of only what generated code links against (the
 * runtime and EJML), and class files counted, not kept. It runs every phase, code generation included, because
 * some errors ("code too large") appear only there.
 */
final class FuzzJavac {
  private final JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
  private final StandardJavaFileManager standard =
      javac.getStandardFileManager(null, Locale.ROOT, StandardCharsets.UTF_8);
  private final List<String> options =
      List.of("-proc:none", "-implicit:none", "-Xlint:none", "-classpath", classPathOfGeneratedCode());

  /**
   * Compiles {@code sources}; returns the binary names of the classes they define.
   *
   * @throws AssertionError with javac's messages when they do not compile
   */
  Set<String> compile(List<JavaFile> sources) {
    List<JavaFileObject> units = new ArrayList<>();
    for (JavaFile f : sources) {
      units.add(f.toJavaFileObject());
    }
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    Set<String> classes = new TreeSet<>();
    JavaFileManager counting = new ForwardingJavaFileManager<>(standard) {
      @Override
      public JavaFileObject getJavaFileForOutput(
          Location location, String className, JavaFileObject.Kind kind, FileObject sibling) {
        classes.add(className);
        return new SimpleJavaFileObject(URI.create("mem:///" + className.replace('.', '/') + kind.extension), kind) {
          @Override
          public OutputStream openOutputStream() {
            return OutputStream.nullOutputStream();
          }
        };
      }

      @Override
      public void close() {
        // The standard file manager is kept open for the next compilation.
      }
    };
    if (!javac.getTask(null, counting, diagnostics, options, null, units).call()) {
      StringBuilder errors = new StringBuilder("javac rejected the generated source:");
      for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
        if (d.getKind() == Diagnostic.Kind.ERROR) {
          errors.append('\n').append(d.getLineNumber()).append(':').append(d.getColumnNumber()).append(": ")
              .append(d.getMessage(Locale.ROOT));
        }
      }
      throw new AssertionError(errors);
    }
    return classes;
  }

  /** Where the runtime's and EJML's classes come from (generated code needs nothing else beyond the JDK). */
  private static String classPathOfGeneratedCode() {
    try {
      return location(dev.nnet.runtime.Network.class) + java.io.File.pathSeparator
          + location(org.ejml.data.FMatrixRMaj.class);
    } catch (URISyntaxException e) {
      throw new UncheckedIOException(new IOException(e));
    }
  }

  private static String location(Class<?> c) throws URISyntaxException {
    return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
  }
}
