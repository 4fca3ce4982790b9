package dev.nnet.runtime.data;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * Splits RFC 4180 text into records: fields separated by commas, records by LF, CRLF or CR; a field in double quotes
 * may hold commas, line breaks and doubled quotes ({@code ""}). Completely empty lines are skipped. A leading byte
 * order mark is dropped. The bytes are decoded as UTF-8 here rather than by a {@code Reader}, so that a malformed
 * byte is reported at its exact line and offset. Errors are {@link DataException}s naming the file, the line and the
 * field.
 */
final class CsvParser {
  private final InputStream in;
  private final String file;
  private final byte[] buf = new byte[1 << 16];
  private int pos;
  private int end;
  private long consumed;
  private int pushback = NONE;
  /** The low surrogate of a 4-byte UTF-8 sequence, returned by the next read. */
  private int pendingLow = NONE;
  private int line = 1;
  private int recordLine;
  /** Characters of the current record's fields so far. */
  private int recordLength;
  private final StringBuilder field = new StringBuilder();

  /**
   * The longest record read, in characters: a longer one is not a table of samples (a data path naming
   * {@code /dev/zero} or a binary file would otherwise fill the memory before any error could be reported).
   */
  static final int MAX_RECORD_CHARS = 16 << 20;

  private static final int NONE = -2;
  private static final int EOF = -1;

  CsvParser(InputStream in, String file) {
    this.in = in;
    this.file = file;
  }

  /** The 1-based line on which the last record returned by {@link #next} starts. */
  int recordLine() {
    return recordLine;
  }

  /** Reads the next record into {@code out} (cleared first); false at the end of the input. */
  boolean next(List<String> out) throws IOException {
    out.clear();
    int c = read();
    if (line == 1 && recordLine == 0 && c == '\uFEFF') {
      c = read();
    }
    while (c == '\n' || c == '\r') {
      if (c == '\r') {
        skipLf();
      }
      line++;
      c = read();
    }
    if (c == EOF) {
      return false;
    }
    recordLine = line;
    recordLength = 0;
    while (true) {
      field.setLength(0);
      if (c == '"') {
        int openedOn = line;
        while (true) {
          c = read();
          if (c == EOF) {
            throw new DataException(
                file + ", line " + openedOn + ", column " + (out.size() + 1)
                    + ": a quoted field is never closed (its opening \" has no closing \")");
          }
          if (c == '"') {
            c = read();
            if (c == '"') {
              field.append('"');
              continue;
            }
            break;
          }
          if (c == '\n' || (c == '\r' && peek() != '\n')) {
            line++;
          }
          append(c, out);
        }
        if (c != ',' && c != '\n' && c != '\r' && c != EOF) {
          throw new DataException(
              file + ", line " + line + ", column " + (out.size() + 1) + ": unexpected '" + (char) c
                  + "' after a closing quote; expected a comma or the end of the line (write a quote inside a"
                  + " quoted field as \"\")");
        }
      } else {
        while (c != ',' && c != '\n' && c != '\r' && c != EOF) {
          if (c == '"') {
            throw new DataException(
                file + ", line " + line + ", column " + (out.size() + 1)
                    + ": a quote inside an unquoted field; quote the whole field and write the quote as \"\"");
          }
          append(c, out);
          c = read();
        }
      }
      out.add(field.toString());
      if (c == ',') {
        c = read();
        continue;
      }
      if (c == '\r') {
        skipLf();
      }
      if (c != EOF) {
        line++;
      }
      return true;
    }
  }

  /** Appends {@code c} to the field, refusing NUL bytes (binary data) and records over the length limit. */
  private void append(int c, List<String> out) {
    if (c == 0) {
      throw new DataException(
          file + ", line " + line + ", column " + (out.size() + 1) + ": a NUL byte; this is binary data, not a CSV"
              + " text file");
    }
    if (++recordLength > MAX_RECORD_CHARS) {
      throw new DataException(
          file + ", line " + recordLine + ": the record is longer than " + (MAX_RECORD_CHARS >> 20) + " Mi characters;"
              + " this is not a CSV table of samples (a line break missing?)");
    }
    field.append((char) c);
  }

  private void skipLf() throws IOException {
    int d = read();
    if (d != '\n') {
      pushback = d;
    }
  }

  private int peek() throws IOException {
    int d = read();
    pushback = d;
    return d;
  }

  private int read() throws IOException {
    if (pushback != NONE) {
      int c = pushback;
      pushback = NONE;
      return c;
    }
    if (pendingLow != NONE) {
      int c = pendingLow;
      pendingLow = NONE;
      return c;
    }
    int b = readByte();
    if (b < 0x80) {
      return b; // ASCII, or EOF
    }
    long offset = consumed - 1;
    int extra;
    int cp;
    if ((b & 0xE0) == 0xC0) {
      extra = 1;
      cp = b & 0x1F;
    } else if ((b & 0xF0) == 0xE0) {
      extra = 2;
      cp = b & 0x0F;
    } else if ((b & 0xF8) == 0xF0) {
      extra = 3;
      cp = b & 0x07;
    } else {
      throw notUtf8(b, offset);
    }
    for (int k = 0; k < extra; k++) {
      int next = readByte();
      if (next < 0 || (next & 0xC0) != 0x80) {
        throw notUtf8(b, offset);
      }
      cp = (cp << 6) | (next & 0x3F);
    }
    boolean overlong = (extra == 1 && cp < 0x80) || (extra == 2 && cp < 0x800) || (extra == 3 && cp < 0x10000);
    if (overlong || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
      throw notUtf8(b, offset);
    }
    if (cp >= 0x10000) {
      pendingLow = Character.lowSurrogate(cp);
      return Character.highSurrogate(cp);
    }
    return cp;
  }

  private DataException notUtf8(int b, long offset) {
    return new DataException(
        file + ", line " + line + ": not UTF-8 text: the byte " + String.format("0x%02X", b) + " at byte offset "
            + offset + " is not part of a valid UTF-8 sequence; nnet reads CSV files as UTF-8 (save the file as"
            + " UTF-8)");
  }

  private int readByte() throws IOException {
    if (pos == end) {
      int n = in.read(buf, 0, buf.length);
      if (n <= 0) {
        return EOF;
      }
      end = n;
      pos = 0;
    }
    consumed++;
    return buf[pos++] & 0xFF;
  }
}
