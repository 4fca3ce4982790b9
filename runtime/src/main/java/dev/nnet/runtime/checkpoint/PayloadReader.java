package dev.nnet.runtime.checkpoint;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Reads a checkpoint's payload ({@link CheckpointFormat}). Every count is checked against the bytes left before
 * anything is allocated, so even a crafted file that passes the checksum cannot make the reader allocate more than
 * the file's size.
 */
final class PayloadReader {
  private final ByteBuffer b;
  private final String where;
  private final String section;

  PayloadReader(ByteBuffer b, String where) {
    this(b, where, "payload");
  }

  private PayloadReader(ByteBuffer b, String where, String section) {
    this.b = b;
    this.where = where;
    this.section = section;
  }

  int remaining() {
    return b.remaining();
  }

  CheckpointException malformed(String what) {
    return new CheckpointException(
        where + ": malformed checkpoint: " + what + " (section " + section + ", byte " + b.position() + ")");
  }

  private void need(long bytes) {
    if (bytes > b.remaining()) {
      throw malformed("needs " + bytes + " more bytes, only " + b.remaining() + " remain");
    }
  }

  String tag() {
    need(4);
    byte[] t = new byte[4];
    b.get(t);
    return new String(t, StandardCharsets.US_ASCII);
  }

  PayloadReader sub(String tag, long length) {
    if (length < 0) {
      throw malformed("negative length of section " + tag);
    }
    need(length);
    ByteBuffer body = b.slice();
    body.limit((int) length);
    b.position(b.position() + (int) length);
    return new PayloadReader(body, where, tag);
  }

  void end() {
    if (b.remaining() != 0 && !isUnknown()) {
      throw malformed(b.remaining() + " unread bytes at the end of the section");
    }
  }

  private boolean isUnknown() {
    return !List.of("NETW", "PARM", "ARRS", "CLAS", "META", "TRST", "EPOC").contains(section);
  }

  int int32() {
    need(4);
    return b.getInt();
  }

  long int64() {
    need(8);
    return b.getLong();
  }

  double f64() {
    need(8);
    return b.getDouble();
  }

  boolean bool() {
    need(1);
    return b.get() != 0;
  }

  boolean precision() {
    need(1);
    int p = b.get();
    if (p != 32 && p != 64) {
      throw malformed("precision " + p + " is neither 32 nor 64");
    }
    return p == 64;
  }

  /** A count of items that take at least {@code minBytes} each; refused when the section cannot hold them. */
  int count(int minBytes) {
    int n = int32();
    if (n < 0 || (long) n * minBytes > b.remaining()) {
      throw malformed("a count of " + n + " items does not fit in the " + b.remaining() + " bytes left");
    }
    return n;
  }

  String str() {
    int n = count(1);
    byte[] bytes = new byte[n];
    b.get(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }

  float[] floats(int n) {
    need(4L * n);
    float[] v = new float[n];
    b.asFloatBuffer().get(v);
    b.position(b.position() + 4 * n);
    return v;
  }

  double[] floatsAsDoubles(int n) {
    need(4L * n);
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = b.getFloat();
    }
    return v;
  }

  double[] doubles(int n) {
    need(8L * n);
    double[] v = new double[n];
    b.asDoubleBuffer().get(v);
    b.position(b.position() + 8 * n);
    return v;
  }
}
