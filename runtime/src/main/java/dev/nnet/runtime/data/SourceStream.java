package dev.nnet.runtime.data;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * A data file opened for reading, decompressed on the fly when it starts with gzip's magic bytes (whatever its
 * name). It counts compressed and decompressed bytes so that a truncated or corrupt gzip stream can be reported
 * with its byte offset, and turns I/O failures into {@link DataException}s.
 */
final class SourceStream implements Closeable {
  private final Path path;
  private final Counting raw;
  private final Counting decoded;
  private final boolean gzipped;
  /** The decompressor; null for plain files and when the gzip header itself could not be read. */
  private final Gunzip gunzip;

  private SourceStream(Path path, Counting raw, Counting decoded, boolean gzipped, Gunzip gunzip) {
    this.path = path;
    this.raw = raw;
    this.decoded = decoded;
    this.gzipped = gzipped;
    this.gunzip = gunzip;
  }

  /** Opens {@code path}; a missing or unreadable file is a {@link DataException}. */
  static SourceStream open(Path path) {
    if (Files.isDirectory(path)) {
      throw new DataException(path + ": is a directory, expected a data file");
    }
    if (Files.exists(path) && !Files.isRegularFile(path)) {
      // A device or a pipe: /dev/zero never ends, and a FIFO nobody writes to blocks for ever.
      throw new DataException(path + ": is not a regular file (a device, a pipe or a socket); nnet reads data only"
          + " from files");
    }
    InputStream file;
    try {
      file = Files.newInputStream(path);
    } catch (NoSuchFileException e) {
      throw new DataException(path + ": no such file" + (path.isAbsolute() ? "" : " (relative to " + Path.of("").toAbsolutePath() + ")"));
    } catch (AccessDeniedException e) {
      throw new DataException(path + ": permission denied");
    } catch (IOException e) {
      throw new DataException(path + ": cannot be opened: " + e.getMessage(), e);
    }
    Counting raw = new Counting(new BufferedInputStream(file, 1 << 16));
    try {
      raw.mark(2);
      int b0 = raw.read();
      int b1 = raw.read();
      raw.reset();
      if (b0 == 0x1f && b1 == 0x8b) {
        Gunzip gunzip = new Gunzip(raw);
        return new SourceStream(path, raw, new Counting(gunzip), true, gunzip);
      }
      return new SourceStream(path, raw, raw, false, null);
    } catch (IOException e) {
      // The gzip header itself is broken (GZIPInputStream reads it in its constructor).
      SourceStream partial = new SourceStream(path, raw, raw, true, null);
      DataException failure = partial.failure(e);
      partial.close();
      throw failure;
    }
  }

  /** The decompressed bytes. */
  InputStream in() {
    return decoded;
  }

  Path path() {
    return path;
  }

  boolean gzipped() {
    return gzipped;
  }

  /** Compressed bytes the inflater has consumed: where in the file decompression stopped. */
  private long compressedPosition() {
    return gunzip == null ? raw.count : raw.count - gunzip.remaining();
  }

  /** Bytes of (decompressed) content delivered so far. */
  long position() {
    return decoded.count;
  }

  /** The user-facing form of an I/O failure while reading this file. */
  DataException failure(IOException e) {
    if (gzipped && e instanceof EOFException) {
      return new DataException(
          path + ": the gzip data ends unexpectedly after " + raw.count + " compressed bytes (" + decoded.count
              + " bytes decompressed); the file is truncated or corrupt, probably cut off while being copied or"
              + " downloaded",
          e);
    }
    if (gzipped && e instanceof ZipException) {
      return new DataException(
          path + ": corrupt gzip data near compressed byte offset " + compressedPosition() + " (after " + decoded.count
              + " bytes decompressed): " + e.getMessage() + "; the file is damaged, fetch it again",
          e);
    }
    return new DataException(path + ": read failed after " + decoded.count + " bytes: " + e.getMessage(), e);
  }

  @Override
  public void close() {
    try {
      decoded.close();
    } catch (IOException e) {
      // Closing a file we only read cannot lose data; the read itself reported any real problem.
    }
  }

  /** GZIPInputStream with a view of its inflater's unconsumed input, to locate an error in the compressed file. */
  private static final class Gunzip extends GZIPInputStream {
    Gunzip(InputStream in) throws IOException {
      super(in, 1 << 16);
    }

    long remaining() {
      return inf.getRemaining();
    }
  }

  /** Counts the bytes that pass through. */
  private static final class Counting extends FilterInputStream {
    long count;
    private long marked;

    Counting(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count++;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        count += n;
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      long s = super.skip(n);
      count += s;
      return s;
    }

    @Override
    public synchronized void mark(int limit) {
      super.mark(limit);
      marked = count;
    }

    @Override
    public synchronized void reset() throws IOException {
      super.reset();
      count = marked;
    }
  }
}
