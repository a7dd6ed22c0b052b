package dev.fabricplanner.sim.trace;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The lines of a stream as byte ranges of one reused buffer: no charset decoding and no object per
 * line, which is what lets a reader go through millions of lines a second. Trace formats are ASCII;
 * a line ends at {@code \n}, and a {@code \r} before it is dropped.
 */
final class ByteLines implements Closeable {
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long NEWLINES = 0x0A0A0A0A0A0A0A0AL;
  private static final long LOW_BITS = 0x0101010101010101L;
  private static final long HIGH_BITS = 0x8080808080808080L;

  private final InputStream in;
  private byte[] buffer = new byte[1 << 16];
  private int position;
  private int limit;
  private boolean ended;
  private int start;
  private int end;
  private long number;

  ByteLines(InputStream in) {
    this.in = in;
  }

  /** Moves to the next line; false at the end of the stream. */
  boolean next() throws IOException {
    int from = position;
    while (true) {
      int newline = indexOfNewline(from, limit);
      if (newline >= 0) {
        take(newline, newline + 1);
        return true;
      }
      if (ended) {
        if (position < limit) {
          take(limit, limit);
          return true;
        }
        return false;
      }
      // Bytes already searched are not searched again after the refill moves them.
      int searched = limit - position;
      fill();
      from = position + searched;
    }
  }

  /**
   * The first {@code \n} in {@code [from, to)}, or -1; eight bytes a step: a byte of {@code word ^
   * 0x0A0A...} is zero where the newline is, and {@code (x - 0x0101...) & ~x & 0x8080...} marks the
   * lowest zero byte exactly (a borrow can only mark bytes above a true zero).
   */
  private int indexOfNewline(int from, int to) {
    int i = from;
    for (; i + Long.BYTES <= to; i += Long.BYTES) {
      long word = (long) LONGS.get(buffer, i) ^ NEWLINES;
      long found = (word - LOW_BITS) & ~word & HIGH_BITS;
      if (found != 0) {
        return i + (Long.numberOfTrailingZeros(found) >>> 3);
      }
    }
    for (; i < to; i++) {
      if (buffer[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  private void take(int lineEnd, int next) {
    start = position;
    end = lineEnd > start && buffer[lineEnd - 1] == '\r' ? lineEnd - 1 : lineEnd;
    position = next;
    number++;
  }

  private void fill() throws IOException {
    if (position > 0) {
      System.arraycopy(buffer, position, buffer, 0, limit - position);
      limit -= position;
      position = 0;
    }
    if (limit == buffer.length) {
      buffer = Arrays.copyOf(buffer, buffer.length * 2);
    }
    int read = in.read(buffer, limit, buffer.length - limit);
    if (read < 0) {
      ended = true;
    } else {
      limit += read;
    }
  }

  byte[] bytes() {
    return buffer;
  }

  int start() {
    return start;
  }

  int end() {
    return end;
  }

  /** 1-based number of the current line. */
  long number() {
    return number;
  }

  boolean blank() {
    for (int i = start; i < end; i++) {
      if (buffer[i] != ' ' && buffer[i] != '\t') {
        return false;
      }
    }
    return true;
  }

  /** The current line as text, cut to {@code max} characters (for messages). */
  String text(int max) {
    int length = Math.min(end - start, max);
    String text = new String(buffer, start, length, StandardCharsets.ISO_8859_1);
    return end - start > max ? text + "..." : text;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
