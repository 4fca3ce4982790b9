package dev.nnet.runtime.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Output files (issue 18, items 1 and 7): written only over regular files, a symbolic link to one written through,
 * with the umask's mode, and a temporary file left by a killed writer cleaned up by the next write.
 */
class OutputFilesTest {
  @TempDir Path dir;

  static Path mkfifo(Path where) throws Exception {
    assertThat(new ProcessBuilder("mkfifo", where.toString()).inheritIO().start().waitFor()).isZero();
    return where;
  }

  @Test
  void aFifoALinkToOneAFolderAndADanglingLinkAreRefusedUntouched() throws Exception {
    Path fifo = mkfifo(dir.resolve("fifo"));
    Path link = Files.createSymbolicLink(dir.resolve("link"), fifo);
    Path folder = Files.createDirectory(dir.resolve("folder"));
    Path dangling = Files.createSymbolicLink(dir.resolve("dangling"), dir.resolve("missing"));
    for (Path target : new Path[] {fifo, link, folder, dangling, Path.of("/dev/null")}) {
      assertThatThrownBy(() -> OutputFiles.write(target, new byte[] {1, 2, 3}))
          .as("%s", target)
          .isInstanceOf(OutputFiles.NotAFileException.class)
          .hasMessageContaining("nnet writes only to regular files");
    }
    assertThat(Files.isRegularFile(fifo)).isFalse();
    assertThat(Files.isSymbolicLink(link)).isTrue();
    assertThat(Files.isSymbolicLink(dangling)).isTrue();
    assertThat(dir.resolve("missing")).doesNotExist();
    assertThat(Files.isRegularFile(Path.of("/dev/null"))).isFalse();
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
    }
  }

  @Test
  void aLinkToARegularFileIsWrittenThrough() throws Exception {
    Path real = Files.writeString(dir.resolve("real"), "old");
    Path link = Files.createSymbolicLink(dir.resolve("link"), real);
    OutputFiles.write(link, "new".getBytes());
    assertThat(Files.isSymbolicLink(link)).isTrue();
    assertThat(Files.readString(real)).isEqualTo("new");
  }

  @Test
  void aNewFileGetsTheUmasksModeAndAReplacedFileKeepsItsMode() throws Exception {
    Path fresh = dir.resolve("fresh");
    OutputFiles.write(fresh, new byte[] {1});
    // Temporary files are created rw------- by Files.createTempFile; an output is an ordinary file.
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(fresh))).isNotEqualTo("rw-------");
    Path kept = Files.writeString(dir.resolve("kept"), "x");
    Files.setPosixFilePermissions(kept, PosixFilePermissions.fromString("rw-rw----"));
    OutputFiles.write(kept, new byte[] {2});
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(kept))).isEqualTo("rw-rw----");
  }

  @Test
  void aTemporaryFileOfAKilledWriterIsRemovedByTheNextWrite() throws Exception {
    Path target = dir.resolve("model.weights");
    // A process that no longer runs: one we started and waited for.
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    Path stale = Files.writeString(dir.resolve(".model.weights." + gone.pid() + ".tmp"), "half");
    Path other = Files.writeString(dir.resolve(".other.weights." + gone.pid() + ".tmp"), "another target's");
    Path alive = Files.writeString(
        dir.resolve(".model.weights." + ProcessHandle.current().parent().orElseThrow().pid() + ".tmp"), "in use");
    OutputFiles.write(target, new byte[] {7});
    assertThat(stale).doesNotExist();
    assertThat(other).as("another target's temporary file is not ours to remove").exists();
    assertThat(alive).as("a running writer's temporary file is left alone").exists();
    assertThat(Files.readAllBytes(target)).containsExactly(7);
  }

  @Test
  void excerptsAreShortAndPrintable() {
    String huge = "\u001b[2J" + "x".repeat(1_000_000);
    String e = Excerpt.of(huge);
    assertThat(e).startsWith("\\u001b[2J").doesNotContain("\u001b").contains("more characters");
    assertThat(e.length()).isLessThan(Excerpt.LIMIT + 40);
  }
}
