package dev.nnet.compiler.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;
import javax.lang.model.SourceVersion;

/**
 * Where generated sources go, and the guard that keeps them under the output directory whatever a model file says:
 * a package and a class name become a path only when they are Java names (which cannot hold {@code /}, {@code \},
 * {@code .} segments or {@code :}), the normalised path must stay under the output directory, and so must the real
 * path of its nearest existing folder (a symbolic link inside the output directory cannot lead out of it).
 */
final class OutputPaths {
  private OutputPaths() {}

  /** True for a Java identifier that is not a keyword or literal (so {@code _}, {@code int}, {@code null} are not). */
  static boolean isIdentifier(String s) {
    return SourceVersion.isIdentifier(s) && !SourceVersion.isKeyword(s);
  }

  /** True for the empty (unnamed) package and for dot-separated identifiers. */
  static boolean isPackageName(String s) {
    if (s.isEmpty()) {
      return true;
    }
    for (String segment : s.split("\\.", -1)) {
      if (!isIdentifier(segment)) {
        return false;
      }
    }
    return true;
  }

  /**
   * The package that a model file's folder gives, relative to the source root: {@code com/acme/Model.nnet} is in
   * {@code com.acme}; a model at the root is in the unnamed package. Empty when a folder name is not a Java
   * identifier.
   */
  static Optional<String> packageOfFolder(Path relativeModelFile) {
    Path folder = relativeModelFile.getParent();
    if (folder == null) {
      return Optional.of("");
    }
    StringBuilder name = new StringBuilder();
    for (Path segment : folder) {
      String s = segment.toString();
      if (!isIdentifier(s)) {
        return Optional.empty();
      }
      name.append(name.length() == 0 ? "" : ".").append(s);
    }
    return Optional.of(name.toString());
  }

  /**
   * The source file of class {@code simpleName} in {@code packageName} under {@code outputDirectory}.
   *
   * @throws UnsafePathException when the names are not Java names or the file would not be under the directory
   */
  static Path sourceFile(Path outputDirectory, String packageName, String simpleName) throws UnsafePathException {
    if (!isPackageName(packageName)) {
      throw new UnsafePathException("`" + packageName + "` is not a Java package name");
    }
    if (!isIdentifier(simpleName)) {
      throw new UnsafePathException("`" + simpleName + "` is not a Java class name");
    }
    Path root = outputDirectory.toAbsolutePath().normalize();
    Path file = root;
    if (!packageName.isEmpty()) {
      for (String segment : packageName.split("\\.")) {
        file = file.resolve(segment);
      }
    }
    file = file.resolve(simpleName + ".java").normalize();
    requireInside(root, file);
    return file;
  }

  /**
   * Checks that {@code file} (absolute) is strictly under {@code root}, both as written and through the real path
   * of its nearest existing ancestor.
   */
  static void requireInside(Path root, Path file) throws UnsafePathException {
    Path normalRoot = root.toAbsolutePath().normalize();
    Path normalFile = file.toAbsolutePath().normalize();
    if (!normalFile.startsWith(normalRoot) || normalFile.equals(normalRoot)) {
      throw new UnsafePathException(normalFile + " is not under the output directory " + normalRoot);
    }
    if (!Files.exists(normalRoot)) {
      return; // Nothing below it exists yet either, so no link can redirect the path.
    }
    try {
      Path realRoot = normalRoot.toRealPath();
      Path existing = normalFile;
      while (!Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
        existing = existing.getParent();
      }
      Path real = existing.toRealPath();
      if (!real.startsWith(realRoot)) {
        throw new UnsafePathException(
            normalFile + " leads out of the output directory " + normalRoot + " (through " + existing + ")");
      }
    } catch (IOException e) {
      throw new UnsafePathException("cannot resolve " + normalFile + ": " + e.getMessage());
    }
  }

  /** A generated file would land outside the output directory, or its name is not a Java name. */
  static final class UnsafePathException extends Exception {
    private static final long serialVersionUID = 1L;

    UnsafePathException(String message) {
      super(message);
    }
  }
}
