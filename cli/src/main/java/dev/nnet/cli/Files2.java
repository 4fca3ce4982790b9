package dev.nnet.cli;

import dev.nnet.runtime.io.OutputFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The command line's outputs: written through {@link OutputFiles} (atomically, only over regular files), or to
 * standard output when the path is {@code -}; and checked before the work that produces them starts, so that a bad
 * output path fails at once, not after an hour of training.
 */
final class Files2 {
  /** The path that means standard output, where an option allows it. */
  static final Path STDOUT = Path.of("-");

  private Files2() {}

  /** Whether {@code path} is {@code -}: standard output. */
  static boolean isStdout(Path path) {
    return STDOUT.equals(path);
  }

  /** Writes {@code text} to {@code target} atomically. */
  static void writeAtomically(Path target, String text) throws IOException {
    writeAtomically(target, text.getBytes(StandardCharsets.UTF_8));
  }

  /** Writes {@code bytes} to {@code target} atomically; refuses a target that is not a regular file. */
  static void writeAtomically(Path target, byte[] bytes) throws IOException {
    OutputFiles.write(target, bytes);
  }

  /** Writes {@code text} to standard output when {@code target} is {@code -}, else to the file, atomically. */
  static void writeOrPrint(Path target, String text, PrintWriter stdout) {
    if (isStdout(target)) {
      stdout.print(text);
      stdout.flush();
    } else {
      Errors.io(() -> writeAtomically(target, text));
    }
  }

  /**
   * Checks, before any work, that {@code target} can be written: it is missing or a regular file, and its nearest
   * existing folder is a folder that may be written.
   *
   * @param what names the output in the message ("the trained model")
   * @throws UserError when it cannot
   */
  static void checkWritable(Path target, String what) {
    try {
      Path file = OutputFiles.checkTarget(target);
      Path dir = file.getParent();
      while (dir != null && !Files.exists(dir)) {
        dir = dir.getParent();
      }
      if (dir != null && !Files.isDirectory(dir)) {
        throw new UserError("cannot write " + what + " to " + target + ": " + dir + " is not a folder");
      }
      if (dir != null && !Files.isWritable(dir)) {
        throw new UserError("cannot write " + what + " to " + target + ": the folder " + dir + " is not writable");
      }
    } catch (IOException e) {
      throw new UserError("cannot write " + what + ": " + e.getMessage());
    }
  }
}
