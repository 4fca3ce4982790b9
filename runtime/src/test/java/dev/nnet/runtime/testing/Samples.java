package dev.nnet.runtime.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the repository's {@code samples/} folder by walking up from the working directory. */
public final class Samples {
  private Samples() {}

  public static Path path(String relative) {
    Path dir = Path.of("").toAbsolutePath();
    for (Path d = dir; d != null; d = d.getParent()) {
      Path candidate = d.resolve("samples").resolve(relative);
      if (Files.exists(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException("no samples/" + relative + " above " + dir);
  }
}
