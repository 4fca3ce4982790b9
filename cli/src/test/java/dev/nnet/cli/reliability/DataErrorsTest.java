package dev.nnet.cli.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nnet.cli.Cli;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code nnet train} on malformed data files (see {@code reliability/data/make_cases.py}): each case must end with
 * the exit code and the exact message in its {@code expected.txt}, which names the file, the line or byte offset
 * and what was expected, and never with a stack trace. Run with {@code -Dreliability.rewrite=true} to rewrite the
 * expected files after an intended change to a message.
 */
class DataErrorsTest {
  private static final boolean REWRITE = Boolean.getBoolean("reliability.rewrite");

  @TempDir Path work;

  static Path casesDir() throws URISyntaxException {
    return Path.of(DataErrorsTest.class.getResource("/reliability/data/make_cases.py").toURI()).getParent();
  }

  static List<String> cases() throws IOException, URISyntaxException {
    try (Stream<Path> dirs = Files.list(casesDir())) {
      return dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void thereAreAtLeastThirtyCasesOfEachKind() throws Exception {
    List<String> all = cases();
    assertThat(all.stream().filter(c -> c.startsWith("csv_"))).hasSizeGreaterThanOrEqualTo(30);
    assertThat(all.stream().filter(c -> c.startsWith("idx_"))).hasSizeGreaterThanOrEqualTo(20);
    assertThat(all.stream().filter(c -> c.contains("_gz_"))).hasSizeGreaterThanOrEqualTo(10);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void failsWithItsMessageAndNoStackTrace(String name) throws Exception {
    Path dir = work.resolve(name);
    copy(casesDir().resolve(name), dir);
    Files.deleteIfExists(dir.resolve("expected.txt"));

    Cli.Run r = Cli.run("train", dir.resolve("model.nnet").toString());

    String actual = "exit " + r.exitCode() + "\n" + r.err().replace(dir.toString(), "$DIR");
    Path expectedFile = sourceDir().resolve(name).resolve("expected.txt");
    if (REWRITE) {
      Files.writeString(expectedFile, actual, StandardCharsets.UTF_8);
    }
    assertThat(r.exitCode()).as("%s", r).isEqualTo(1);
    assertThat(r.err()).as("no stack trace").doesNotContain("\tat ").doesNotContain("Exception");
    assertThat(r.err()).as("names the file").contains(dir.toString());
    assertThat(r.out()).as("stops before training").doesNotContain("epoch");
    try (Stream<Path> left = Files.list(dir)) {
      assertThat(left.map(p -> p.getFileName().toString())).as("writes nothing").noneMatch(f -> f.contains("weights"));
    }
    Path expected = casesDir().resolve(name).resolve("expected.txt");
    assertThat(REWRITE || Files.exists(expected)).as("%s exists (run with -Dreliability.rewrite=true to create it)", expected).isTrue();
    assertThat(actual).isEqualTo(REWRITE ? actual : Files.readString(expected, StandardCharsets.UTF_8));
  }

  /** The cases' folder in the source tree, for rewriting: found from the repository's root, wherever the test runs. */
  private static Path sourceDir() {
    return Cli.repoRoot().resolve("cli/src/test/resources/reliability/data");
  }

  private static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path f : files.toList()) {
        Path target = to.resolve(from.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(target);
        } else {
          Files.copy(f, target);
        }
      }
    }
  }
}
