package dev.nnet.runtime.data;

import dev.nnet.runtime.Dataset;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * Reads the IDX format of MNIST and Fashion-MNIST: a pair of files, images and labels, each plain or gzipped (told
 * by the gzip magic bytes, not the name). An IDX file is {@code 00 00}, a type code, the number of dimensions
 * {@code d}, then {@code d} big-endian 32-bit sizes, then the values in row-major order, big-endian.
 *
 * <p>Everything in the header is checked against the data actually present before the value arrays are
 * allocated: a header claiming a billion images in a 1 MB file is refused, not obeyed.
 */
public final class IdxReader {
  private static final int UBYTE = 0x08;
  private static final int BYTE = 0x09;
  private static final int SHORT = 0x0B;
  private static final int INT = 0x0C;
  private static final int FLOAT = 0x0D;
  private static final int DOUBLE = 0x0E;

  /** The largest data part we read into one array. */
  private static final long MAX_BYTES = Integer.MAX_VALUE - 8;

  private IdxReader() {}

  /**
   * Reads images and their labels.
   *
   * @param labels the labels file, or null for features only (prediction input)
   * @param scale multiplies every feature value on load (1/255 maps bytes to [0, 1])
   * @param target {@link Target.Classes}: labels are class indices; {@link Target.Regression}: labels are values
   *     ({@code [n]} or {@code [n, outputs]}); {@link Target.None}: labels are not read
   * @param featureSize the number of values per sample the model expects, or 0 to accept any
   */
  public static Dataset read(Path images, Path labels, double scale, Target target, int featureSize) {
    Tensor x = Tensor.read(images, "images", 2, 8);
    int n = x.dims[0];
    int perSample = Math.toIntExact(x.values / n);
    if (featureSize > 0 && perSample != featureSize) {
      throw new DataException(
          images + ": each sample has " + shape(x.dims, 1) + " = " + perSample + " values, but the model takes "
              + featureSize + " input values per sample");
    }
    if (labels == null || target instanceof Target.None) {
      return dataset(x, scale, new float[0], 0, List.of());
    }
    Tensor y = Tensor.read(labels, "labels", 1, 2);
    if (y.dims[0] != n) {
      throw new DataException(
          labels + ": holds " + y.dims[0] + " labels but " + images + " holds " + n
              + " images; the two files must describe the same samples");
    }
    if (target instanceof Target.Regression r) {
      int outputs = y.dims.length == 1 ? 1 : y.dims[1];
      if (outputs != r.outputs()) {
        throw new DataException(
            labels + ": holds " + outputs + " value" + (outputs == 1 ? "" : "s") + " per sample, but the model has "
                + r.outputs() + " outputs");
      }
      return dataset(x, scale, y.toFloats(1f), outputs, List.of());
    }
    Target.Classes c = (Target.Classes) target;
    if (y.dims.length != 1) {
      throw new DataException(
          labels + ": a labels file of class indices has 1 dimension (the number of samples), this one has "
              + y.dims.length + " (" + shape(y.dims, 0) + ")");
    }
    if (y.dtype == FLOAT || y.dtype == DOUBLE) {
      throw new DataException(
          labels + ": class labels must be integers, but the file's type code is " + typeName(y.dtype));
    }
    float[] classIndex = y.toFloats(1f);
    int limit = !c.known().isEmpty() ? c.known().size() : c.count();
    int max = 0;
    for (int i = 0; i < n; i++) {
      int label = (int) classIndex[i];
      if (label < 0 || (limit > 0 && label >= limit)) {
        throw new DataException(
            labels + ", sample " + (i + 1) + " (byte offset " + (y.headerBytes + (long) i * y.elementSize) + "): label "
                + label + " is not a class of the model, which has " + limit + " classes (0.." + (limit - 1) + ")");
      }
      max = Math.max(max, label);
    }
    List<String> classes = c.known();
    if (classes.isEmpty()) {
      int k = limit > 0 ? limit : max + 1;
      classes = new ArrayList<>(k);
      for (int i = 0; i < k; i++) {
        classes.add(Integer.toString(i));
      }
    }
    return dataset(x, scale, classIndex, 1, classes);
  }

  /** The images with their targets: kept as bytes when they are unsigned bytes (see {@link Dataset#ofBytes}). */
  private static Dataset dataset(Tensor x, double scale, float[] targets, int targetSize, List<String> classes) {
    int n = x.dims[0];
    int perSample = Math.toIntExact(x.values / n);
    Dataset.ByteFeatures bytes = x.bytes((float) scale);
    return bytes != null
        ? Dataset.ofBytes(bytes, perSample, targets, targetSize, n, classes)
        : new Dataset(x.toFloats((float) scale), perSample, targets, targetSize, n, classes);
  }

  static String shape(int[] dims, int from) {
    StringJoiner j = new StringJoiner(" × ");
    for (int i = from; i < dims.length; i++) {
      j.add(Integer.toString(dims[i]));
    }
    return j.toString();
  }

  static String typeName(int dtype) {
    return switch (dtype) {
      case UBYTE -> "0x08 (unsigned byte)";
      case BYTE -> "0x09 (signed byte)";
      case SHORT -> "0x0B (short)";
      case INT -> "0x0C (int)";
      case FLOAT -> "0x0D (float)";
      case DOUBLE -> "0x0E (double)";
      default -> String.format("0x%02X", dtype);
    };
  }

  /** One IDX file's header and raw data, validated. */
  private static final class Tensor {
    final int dtype;
    final int[] dims;
    final long values;
    final int elementSize;
    final int headerBytes;
    final byte[] data;

    private Tensor(int dtype, int[] dims, long values, int elementSize, byte[] data) {
      this.dtype = dtype;
      this.dims = dims;
      this.values = values;
      this.elementSize = elementSize;
      this.headerBytes = 4 + 4 * dims.length;
      this.data = data;
    }

    static Tensor read(Path path, String role, int minRank, int maxRank) {
      try (SourceStream source = SourceStream.open(path)) {
        try {
          return read(source, role, minRank, maxRank);
        } catch (IOException e) {
          throw source.failure(e);
        }
      }
    }

    private static Tensor read(SourceStream source, String role, int minRank, int maxRank) throws IOException {
      Path path = source.path();
      InputStream in = source.in();
      byte[] magic = in.readNBytes(4);
      if (magic.length < 4) {
        throw new DataException(
            path + ": too short for an IDX file (" + magic.length + " bytes" + (source.gzipped() ? " decompressed" : "")
                + "); an IDX file starts with a 4-byte header");
      }
      if (magic[0] != 0 || magic[1] != 0) {
        throw new DataException(
            path + ": not an IDX file: it starts with the bytes " + hex(magic) + printable(magic)
                + ", but an IDX file starts with 00 00, a type code and the number of dimensions");
      }
      int dtype = magic[2] & 0xFF;
      int elementSize = switch (dtype) {
        case UBYTE, BYTE -> 1;
        case SHORT -> 2;
        case INT, FLOAT -> 4;
        case DOUBLE -> 8;
        default -> throw new DataException(
            path + ", byte offset 2: unknown IDX type code " + String.format("0x%02X", dtype)
                + "; expected 0x08 (unsigned byte), 0x09 (signed byte), 0x0B (short), 0x0C (int), 0x0D (float)"
                + " or 0x0E (double)");
      };
      int rank = magic[3] & 0xFF;
      if (rank < minRank || rank > maxRank) {
        String expected = minRank == maxRank ? Integer.toString(minRank) : minRank + " to " + maxRank;
        throw new DataException(
            path + ", byte offset 3: the header declares " + rank + " dimension" + (rank == 1 ? "" : "s")
                + ", but an IDX " + role + " file has " + expected
                + (role.equals("images") ? " (the number of samples, then each sample's shape)" : " (the number of samples)")
                + "; are the images and labels files swapped?");
      }
      byte[] dimBytes = in.readNBytes(4 * rank);
      if (dimBytes.length < 4 * rank) {
        throw new DataException(
            path + ": the header is cut short: it declares " + rank + " dimensions (" + 4 * rank
                + " bytes of sizes after byte 4) but the file ends after " + (4 + dimBytes.length) + " bytes");
      }
      ByteBuffer sizes = ByteBuffer.wrap(dimBytes);
      int[] dims = new int[rank];
      long values = 1;
      for (int i = 0; i < rank; i++) {
        dims[i] = sizes.getInt();
        if (dims[i] <= 0) {
          throw new DataException(
              path + ", byte offset " + (4 + 4 * i) + ": dimension " + (i + 1) + " of the header is " + dims[i]
                  + (i == 0 ? "; the file holds no samples" : "; sizes must be positive"));
        }
        values *= dims[i];
        if (values * elementSize > MAX_BYTES) {
          throw new DataException(
              path + ": the header's sizes (" + shape(java.util.Arrays.copyOf(dims, i + 1), 0)
                  + (i + 1 < rank ? " × ..." : "") + ") amount to more than " + MAX_BYTES
                  + " bytes of data, too large to read into memory");
        }
      }
      long dataBytes = values * elementSize;
      int headerBytes = 4 + 4 * rank;
      // readNBytes grows its buffer with the data actually read, so a lying header cannot make us allocate.
      byte[] data = in.readNBytes((int) dataBytes);
      String promise = "the header promises " + shape(dims, 0) + " " + typeName(dtype).replaceAll("0x.. \\((.*)\\)", "$1")
          + " values (" + dataBytes + " bytes after the " + headerBytes + "-byte header)";
      if (data.length < dataBytes) {
        throw new DataException(
            path + ": " + promise + ", but the " + (source.gzipped() ? "decompressed data ends" : "file ends")
                + " after " + data.length + " bytes of values; the file is truncated");
      }
      if (in.read() >= 0) {
        long extra = 1 + in.transferTo(java.io.OutputStream.nullOutputStream());
        throw new DataException(
            path + ": " + promise + ", but " + extra + " more byte" + (extra == 1 ? "" : "s")
                + " follow; the header does not describe this file");
      }
      return new Tensor(dtype, dims, values, elementSize, data);
    }

    /** The values as bytes with {@code scale} when they are unsigned bytes ({@link #toFloats}' UBYTE), else null. */
    Dataset.ByteFeatures bytes(float scale) {
      // data holds exactly the values (a shorter file is refused on reading): shared, not copied.
      return dtype == UBYTE ? new Dataset.ByteFeatures(data, scale) : null;
    }

    float[] toFloats(float scale) {
      float[] out = new float[Math.toIntExact(values)];
      ByteBuffer b = ByteBuffer.wrap(data);
      for (int i = 0; i < out.length; i++) {
        float v = switch (dtype) {
          case UBYTE -> data[i] & 0xFF;
          case BYTE -> data[i];
          case SHORT -> b.getShort(2 * i);
          case INT -> b.getInt(4 * i);
          case FLOAT -> b.getFloat(4 * i);
          default -> (float) b.getDouble(8 * i);
        };
        out[i] = v * scale;
      }
      return out;
    }

    private static String hex(byte[] bytes) {
      StringJoiner j = new StringJoiner(" ");
      for (byte x : bytes) {
        j.add(String.format("%02X", x & 0xFF));
      }
      return j.toString();
    }

    private static String printable(byte[] bytes) {
      for (byte x : bytes) {
        if (x < 0x20 || x > 0x7e) {
          return "";
        }
      }
      String text = new String(bytes, java.nio.charset.StandardCharsets.US_ASCII);
      return " (\"" + text + "\"" + (text.contains(",") || Character.isLetter(text.charAt(0)) ? ", text: a CSV file?" : "")
          + ")";
    }
  }
}
