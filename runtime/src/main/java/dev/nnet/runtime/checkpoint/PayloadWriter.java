package dev.nnet.runtime.checkpoint;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Writes a checkpoint's payload ({@link CheckpointFormat}): sections, and the format's string and array encodings. */
final class PayloadWriter extends DataOutputStream {
  interface Body {
    void write(PayloadWriter s) throws IOException;
  }

  PayloadWriter() {
    super(new ByteArrayOutputStream());
  }

  byte[] toByteArray() throws IOException {
    flush();
    return ((ByteArrayOutputStream) out).toByteArray();
  }

  void section(String tag, Body body) throws IOException {
    PayloadWriter s = new PayloadWriter();
    body.write(s);
    byte[] bytes = s.toByteArray();
    write(tag.getBytes(StandardCharsets.US_ASCII));
    writeLong(bytes.length);
    write(bytes);
  }

  void str(String v) throws IOException {
    byte[] bytes = v.getBytes(StandardCharsets.UTF_8);
    writeInt(bytes.length);
    write(bytes);
  }

  void floats(float[] v) throws IOException {
    writeInt(v.length);
    for (float x : v) {
      writeFloat(x);
    }
  }

  void doubles(double[] v) throws IOException {
    writeInt(v.length);
    for (double x : v) {
      writeDouble(x);
    }
  }
}
