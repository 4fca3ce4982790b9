package dev.nnet.cli.reliability;

import dev.nnet.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/** Runs {@code nnet} in-process, as a user would from a terminal, capturing what it prints. */
final class Cli {
  private Cli() {}

  /** What one run returned and printed. */
  record Result(int exit, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exit + "\n--- stdout ---\n" + out + "--- stderr ---\n" + err;
    }
  }

  static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit;
    try (PrintWriter o = new PrintWriter(out, true);
        PrintWriter e = new PrintWriter(err, true)) {
      exit = Main.run(args, o, e);
    }
    return new Result(exit, out.toString(), err.toString());
  }

  /** The repository's root, found by walking up from the working directory to the folder holding samples/. */
  static Path repoRoot() {
    for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
      if (Files.isDirectory(d.resolve("samples")) && Files.isRegularFile(d.resolve("pom.xml"))) {
        return d;
      }
    }
    throw new IllegalStateException("no repository root (a folder with samples/ and pom.xml) above " + Path.of("")
        .toAbsolutePath());
  }
}
