package dev.nnet.compiler.frontend;

import java.nio.file.Files;
import java.nio.file.Path;

/** The repository's root, found by walking up from the working directory to the folder with {@code samples/}. */
public final class RepoRoot {
  private RepoRoot() {}

  public static Path find() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isDirectory(dir.resolve("samples")) && Files.isRegularFile(dir.resolve("grammar/pom.xml"))) {
        return dir;
      }
    }
    throw new IllegalStateException("no repository root above " + Path.of("").toAbsolutePath());
  }
}
