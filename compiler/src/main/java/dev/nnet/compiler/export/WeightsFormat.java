package dev.nnet.compiler.export;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * The weights file of an exported class: a simple format that {@link java.io.DataInputStream} reads, so the class
 * needs nothing but the JDK. All numbers are big-endian, strings are {@code DataOutput.writeUTF}'s modified UTF-8.
 *
 * <pre>
 *   int    magic        0x4E4E5754 ("NNWT")
 *   int    version      1
 *   UTF    model        the exported class's simple name
 *   int    count        number of arrays
 *   count times:
 *     UTF  name         dense1.kernel, standardizer.mean, ...
 *     byte type         4 = float32 values, 8 = float64 values
 *     int  length       number of values
 *     length values     float32 or float64
 *   long   checksum     CRC-32 of every byte before it
 * </pre>
 *
 * <p>The arrays come in the order the class reads them ({@link Exporter#arrays}); the class checks each name, type
 * and length as it reads, then the checksum, so a truncated, corrupted or mismatched file is refused with a message
 * rather than giving wrong predictions.
 */
public final class WeightsFormat {
  /** "NNWT". */
  public static final int MAGIC = 0x4E4E5754;

  public static final int VERSION = 1;

  static final byte FLOAT32 = 4;
  static final byte FLOAT64 = 8;

  private WeightsFormat() {}

  /**
   * The file's bytes.
   *
   * @param values every array of {@code arrays} by name, widened to double (float32 arrays are narrowed back,
   *     exactly when they came from float32)
   * @throws IllegalArgumentException when a value is missing or has another length than its array
   */
  static byte[] encode(String model, List<WeightArray> arrays, Map<String, double[]> values) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(MAGIC);
      out.writeInt(VERSION);
      out.writeUTF(model);
      out.writeInt(arrays.size());
      for (WeightArray a : arrays) {
        double[] v = values.get(a.name());
        if (v == null) {
          throw new IllegalArgumentException("no values for " + a.name());
        }
        if (v.length != a.length()) {
          throw new IllegalArgumentException(
              a.name() + " has " + v.length + " values, the model expects " + a.length());
        }
        out.writeUTF(a.name());
        out.writeByte(a.isDouble() ? FLOAT64 : FLOAT32);
        out.writeInt(a.length());
        for (double x : v) {
          if (a.isDouble()) {
            out.writeDouble(x);
          } else {
            out.writeFloat((float) x);
          }
        }
      }
      out.flush();
      CRC32 crc = new CRC32();
      crc.update(bytes.toByteArray());
      out.writeLong(crc.getValue());
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory cannot fail", e);
    }
    return bytes.toByteArray();
  }
}
