package dev.nnet.compiler.pipeline;

import com.palantir.javapoet.JavaFile;
import dev.nnet.compiler.Frontend;
import dev.nnet.grammar.NnetParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.security.MessageDigest;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Identifies the code that turns a model file into Java: a SHA-256 of the class files of the compiler, the grammar
 * and JavaPoet, read from wherever they were loaded (jars or class folders). A version number would not do: a
 * snapshot changes without changing its version. A rebuilt jar whose classes did not change may still hash
 * differently (zip timestamps); that costs a regeneration, never a stale class, and a regenerated file whose text is
 * unchanged is not rewritten.
 */
final class CompilerFingerprint {
  private CompilerFingerprint() {}

  private static final class Holder {
    static final String VALUE = compute(List.of(Frontend.class, NnetParser.class, JavaFile.class));
  }

  /** The fingerprint of the running compiler, computed once. */
  static String current() {
    return Holder.VALUE;
  }

  static String compute(List<Class<?>> anchors) {
    Set<Path> locations = new LinkedHashSet<>();
    MessageDigest digest = Hashes.sha256();
    for (Class<?> anchor : anchors) {
      CodeSource source = anchor.getProtectionDomain().getCodeSource();
      Path location = null;
      if (source != null && source.getLocation() != null) {
        try {
          location = Path.of(source.getLocation().toURI());
        } catch (URISyntaxException | IllegalArgumentException e) {
          location = null; // Not a file (a custom class loader): fall back to the class's name below.
        }
      }
      if (location == null) {
        // Nothing to hash: naming the class and its package's version is the best left.
        Package p = anchor.getPackage();
        String version = p == null ? null : p.getImplementationVersion();
        digest.update((anchor.getName() + "@" + version + "\n").getBytes(StandardCharsets.UTF_8));
      } else if (locations.add(location)) {
        hash(location, digest);
      }
    }
    return Hashes.hex(digest.digest());
  }

  private static void hash(Path location, MessageDigest digest) {
    try {
      if (Files.isRegularFile(location)) {
        digest.update(Files.readAllBytes(location));
      } else if (Files.isDirectory(location)) {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(location)) {
          files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path file : files) {
          String name = location.relativize(file).toString().replace('\\', '/');
          digest.update((name + "\n").getBytes(StandardCharsets.UTF_8));
          digest.update(Files.readAllBytes(file));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the compiler's classes at " + location, e);
    }
  }
}
