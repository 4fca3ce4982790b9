package dev.nnet.compiler.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.CopyOption;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes output files so that nothing the user had is lost or half-overwritten, and nothing that is not a file is
 * replaced.
 *
 * <p>The rule: a target that exists must be a regular file (a symbolic link is followed, and the file it points to
 * is written, so the link stays a link); a device, a FIFO, a folder or a link to a missing file is refused with a
 * {@link NotAFileException} before anything is written. The bytes go to a temporary file beside the target,
 * {@code .NAME.PID.tmp}, which is forced to disk and renamed over the target: a crash or a kill leaves the old file
 * or the new one. The temporary file is created with the default mode (the umask applies), or with the mode of the
 * file it replaces. A temporary file left by a process that was killed mid-write (its PID no longer runs) is deleted
 * by the next write of the same target.
 *
 * <p>The runtime has the same class in {@code dev.nnet.runtime.io}: the compiler never depends on the runtime.
 */
public final class OutputFiles {
  private OutputFiles() {}

  /** The target exists and is not a regular file (or a link to one): writing it would replace a device or a folder. */
  public static final class NotAFileException extends FileSystemException {
    private static final long serialVersionUID = 1L;

    NotAFileException(Path file, String what) {
      super(file.toString(), null, what + "; nnet writes only to regular files");
    }
  }

  /**
   * The path to write for {@code target}: the target itself when it is missing or a regular file, the file a link
   * points to when it is a link to one.
   *
   * @throws NotAFileException when the target exists and is not a regular file, or is a link to nothing
   * @throws IOException when its folder exists but is not a folder, or a link cannot be read
   */
  public static Path checkTarget(Path target) throws IOException {
    Path t = target.toAbsolutePath();
    if (Files.isSymbolicLink(t)) {
      if (!Files.exists(t)) {
        throw new NotAFileException(target, "is a symbolic link to a missing file");
      }
      t = t.toRealPath();
    }
    if (Files.exists(t, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(t, LinkOption.NOFOLLOW_LINKS)) {
      throw new NotAFileException(target, Files.isDirectory(t) ? "is a folder" : "is not a regular file (a device,"
          + " a pipe or a socket)");
    }
    Path dir = t.getParent();
    if (dir != null && Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new FileSystemException(target.toString(), null, dir + " is not a folder");
    }
    return t;
  }

  /** {@link #write(Path, byte[], Runnable)} with nothing run before the rename. */
  public static void write(Path target, byte[] bytes) throws IOException {
    write(target, bytes, () -> {});
  }

  /**
   * Writes {@code bytes} to {@code target} atomically, creating its folder if need be.
   *
   * @param beforeRename run between writing the temporary file and renaming it (tests kill the process there)
   * @throws NotAFileException when {@code target} exists and is not a regular file; nothing is written then
   */
  public static void write(Path target, byte[] bytes, Runnable beforeRename) throws IOException {
    Path file = checkTarget(target);
    Path dir = file.getParent();
    Files.createDirectories(dir);
    removeStaleTemporaries(file);
    Path tmp = temporaryFor(file);
    try {
      try (FileChannel ch =
          FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
              StandardOpenOption.TRUNCATE_EXISTING)) {
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        ch.force(true);
      }
      if (Files.isRegularFile(file)) {
        try {
          Files.setPosixFilePermissions(tmp, Files.getPosixFilePermissions(file));
        } catch (UnsupportedOperationException | IOException e) {
          // Not a POSIX file system, or a file we may not inspect: the new file keeps the default mode.
        }
      }
      beforeRename.run();
      rename(tmp, file, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /**
   * Renames {@code from} to {@code to} atomically where the file system can, else with a plain move: that still never
   * exposes a half-written file under the target's name, but a crash during it may lose the previous one.
   */
  public static void rename(Path from, Path to, CopyOption... options) throws IOException {
    CopyOption[] atomic = java.util.Arrays.copyOf(options, options.length + 1);
    atomic[options.length] = StandardCopyOption.ATOMIC_MOVE;
    try {
      Files.move(from, to, atomic);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, options);
    }
  }

  /** {@code .NAME.PID.tmp} beside {@code file}: one per process, so two processes never write the same one. */
  static Path temporaryFor(Path file) {
    return file.resolveSibling("." + file.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
  }

  /**
   * Deletes the temporary files of {@code file} left by processes that no longer run (killed during a write). Every
   * write does this first; call it also when a file is deleted for good (a saved run that is superseded).
   */
  public static void removeStaleTemporaries(Path target) {
    Path file = target.toAbsolutePath();
    String prefix = "." + file.getFileName() + ".";
    try (DirectoryStream<Path> list = Files.newDirectoryStream(file.getParent(), stream -> true)) {
      for (Path p : list) {
        String name = p.getFileName().toString();
        if (!name.startsWith(prefix) || !name.endsWith(".tmp")) {
          continue;
        }
        String middle = name.substring(prefix.length(), name.length() - 4);
        long pid;
        try {
          pid = Long.parseLong(middle);
        } catch (NumberFormatException e) {
          continue;
        }
        if (pid != ProcessHandle.current().pid() && ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true)) {
          Files.deleteIfExists(p);
        }
      }
    } catch (IOException e) {
      // A folder that cannot be listed: the stale file stays, hidden and named after the target; harmless.
    }
  }
}
