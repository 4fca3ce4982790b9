package dev.nnet.cli.usability;

import dev.nnet.cli.Main;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/** Runs {@code ./nnet} in-process, as if started in a given folder, and captures what it prints. */
final class Cli {
  private Cli() {}

  /** What a command did: its exit code and its standard output and error. */
  record Result(int exit, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exit + "\n--- out:\n" + out + "--- err:\n" + err;
    }
  }

  /** Runs {@code args} with {@code dir} as the working folder, output not a terminal (as in CI). */
  static Result run(Path dir, String... args) {
    return run(dir, false, args);
  }

  /** Runs {@code args} with {@code dir} as the working folder; {@code terminal} says whether output is one. */
  static Result run(Path dir, boolean terminal, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true), terminal, dir);
    return new Result(exit, out.toString(), err.toString());
  }

  /** The repository's root: the folder above the working directory with {@code samples/} and {@code cli/}. */
  static Path repoRoot() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isDirectory(dir.resolve("samples")) && Files.isRegularFile(dir.resolve("cli/pom.xml"))) {
        return dir;
      }
    }
    throw new IllegalStateException("no repository root above " + Path.of("").toAbsolutePath());
  }

  /** Copies {@code samples/NAME} of the repository into {@code dir/samples/NAME}, so outputs stay out of the tree. */
  static Path copySample(Path dir, String name) throws IOException {
    Path from = repoRoot().resolve("samples").resolve(name);
    Path to = dir.resolve("samples").resolve(name);
    Files.createDirectories(to);
    try (Stream<Path> files = Files.list(from)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        if (Files.isRegularFile(f)) {
          Files.copy(f, to.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
    return to;
  }
}
