package dev.nnet.cli.usability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringWriter;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/** The JDK's javac, run in-process on files as a user would run it. */
final class Javac {
  private Javac() {}

  /**
   * Compiles {@code sources} into {@code out} against {@code classPath} (empty: nothing but the JDK), every lint
   * warning an error; fails the test with javac's messages when they do not compile.
   */
  static void compile(Path out, String classPath, List<Path> sources) throws IOException {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    Files.createDirectories(out);
    Path empty = Files.createDirectories(out.resolve(".empty-class-path"));
    StringWriter messages = new StringWriter();
    boolean ok;
    try (StandardJavaFileManager files = javac.getStandardFileManager(null, Locale.ROOT, StandardCharsets.UTF_8)) {
      List<String> options = new ArrayList<>(List.of("-d", out.toString(), "-classpath",
          classPath.isEmpty() ? empty.toString() : classPath, "-proc:none", "--release", "17", "-encoding", "UTF-8",
          "-Xlint:all", "-Werror"));
      ok = javac.getTask(messages, files, null, options, null, files.getJavaFileObjectsFromPaths(sources)).call();
    }
    assertThat(ok).as("javac %s:%n%s", sources, messages).isTrue();
  }

  /** A class loader over {@code dirs} that sees nothing of nnet: its parent is the platform class loader. */
  static URLClassLoader alone(Path... dirs) throws IOException {
    URL[] urls = new URL[dirs.length];
    for (int i = 0; i < dirs.length; i++) {
      urls[i] = dirs[i].toUri().toURL();
    }
    return new URLClassLoader(urls, ClassLoader.getPlatformClassLoader());
  }
}
