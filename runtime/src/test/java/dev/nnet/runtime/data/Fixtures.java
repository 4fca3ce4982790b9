package dev.nnet.runtime.data;

import java.net.URISyntaxException;
import java.nio.file.Path;

/** Paths of the files under {@code src/test/resources/data} (written by {@code make_fixtures.py} there). */
final class Fixtures {
  private Fixtures() {}

  static Path path(String relative) {
    try {
      return Path.of(Fixtures.class.getResource("/data/" + relative).toURI());
    } catch (URISyntaxException | NullPointerException e) {
      throw new IllegalStateException("missing test resource data/" + relative, e);
    }
  }
}
