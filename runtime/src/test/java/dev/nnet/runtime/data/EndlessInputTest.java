package dev.nnet.runtime.data;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Data paths that never end or never answer (issue 18, item 2): {@code /dev/zero} ran out of memory after 15 s, a
 * FIFO hung for ever. Devices and pipes are refused before reading; a regular file of binary data or one endless
 * line is refused at its first NUL byte or at the record length limit.
 */
class EndlessInputTest {
  @TempDir Path dir;

  @Test
  void devicesAndFifosAreRefusedBeforeReading() throws Exception {
    Path fifo = dir.resolve("fifo.csv");
    org.assertj.core.api.Assertions.assertThat(
        new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start().waitFor()).isZero();
    for (Path p : new Path[] {Path.of("/dev/zero"), fifo}) {
      assertThatThrownBy(() -> CsvReader.read(p, "", 1, Target.none(), 0))
          .isInstanceOf(DataException.class)
          .hasMessage(p + ": is not a regular file (a device, a pipe or a socket); nnet reads data only from files");
    }
  }

  @Test
  void aNulByteIsBinaryData() throws Exception {
    Path zeros = dir.resolve("zeros.csv");
    Files.write(zeros, new byte[4096]);
    assertThatThrownBy(() -> CsvReader.read(zeros, "", 1, Target.none(), 0))
        .isInstanceOf(DataException.class)
        .hasMessageContaining("line 1, column 1: a NUL byte; this is binary data");
  }

  @Test
  void aLineLongerThanTheLimitIsRefusedWithoutReadingOn() throws Exception {
    Path endless = dir.resolve("endless.csv");
    try (OutputStream out = Files.newOutputStream(endless)) {
      out.write("a,b\n".getBytes());
      byte[] block = "12345678".repeat(8192).getBytes();
      for (long written = 0; written <= CsvParser.MAX_RECORD_CHARS + block.length; written += block.length) {
        out.write(block);
      }
    }
    assertThatThrownBy(() -> CsvReader.read(endless, "", 1, Target.none(), 0))
        .isInstanceOf(DataException.class)
        .hasMessageContaining("line 2: the record is longer than 16 Mi characters");
  }
}
