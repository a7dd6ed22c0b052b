package dev.fabricplanner.sim.trace;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The lines of a stream as byte ranges of one reused buffer: no charset decoding and no object per
 * line, which is what lets a reader go through millions of lines a second. Trace formats are ASCII;
 * a line ends at {@code \n}, and a {@code \r} before it is dropped.
 */
final class ByteLines implements Closeable {
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
    while (true) {
      for (int i = position; i < limit; i++) {
        if (buffer[i] == '\n') {
          take(i, i + 1);
          return true;
        }
      }
      if (ended) {
        if (position < limit) {
          take(limit, limit);
          return true;
        }
        return false;
      }
      fill();
    }
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
