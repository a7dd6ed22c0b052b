package dev.fabricplanner.sim.trace;

import java.nio.charset.StandardCharsets;

/**
 * One flat JSON object a line with {@code timestamp}, {@code input_length}, {@code output_length}
 * and optional {@code hash_ids}: Mooncake (timestamp in ms) and Qwen-Bailian (timestamp in s, plus
 * {@code chat_id}, {@code parent_chat_id}, {@code type} and {@code turn}, which are skipped). A small
 * scanner over the line's bytes rather than a JSON library: it reads only these four keys, allocates
 * nothing per line, and says which key is wrong.
 */
final class JsonLineLayout implements LineFormat {
  private static final byte[] TIMESTAMP = key("timestamp");
  private static final byte[] INPUT = key("input_length");
  private static final byte[] OUTPUT = key("output_length");
  private static final byte[] HASH_IDS = key("hash_ids");

  private final double msPerUnit;
  private byte[] b;
  private int i;
  private int to;
  private int lineStart;

  private JsonLineLayout(double msPerUnit) {
    this.msPerUnit = msPerUnit;
  }

  static JsonLineLayout mooncake() {
    return new JsonLineLayout(1);
  }

  static JsonLineLayout bailian() {
    return new JsonLineLayout(1000);
  }

  private static byte[] key(String name) {
    return name.getBytes(StandardCharsets.US_ASCII);
  }

  @Override
  public boolean hasHeader() {
    return false;
  }

  @Override
  public void header(byte[] line, int from, int end) {
    throw new IllegalStateException("JSON lines have no header");
  }

  @Override
  public void parse(byte[] line, int from, int end, ParsedRequest out) throws LineProblem {
    b = line;
    i = from;
    lineStart = from;
    to = end;
    skipSpace();
    if (i >= to || b[i] != '{') {
      throw new LineProblem("wanted a JSON object {\"timestamp\": ..., \"input_length\": ...}");
    }
    i++;
    skipSpace();
    if (i < to && b[i] == '}') {
      i++;
    } else {
      while (true) {
        skipSpace();
        int keyStart = i + 1;
        skipString();
        int keyEnd = i - 1;
        skipSpace();
        expect(':');
        skipSpace();
        if (is(keyStart, keyEnd, TIMESTAMP)) {
          double time = number("timestamp");
          if (!(time >= 0) || Double.isInfinite(time)) {
            throw new LineProblem("timestamp: wanted a time >= 0");
          }
          out.timeMs = time * msPerUnit;
        } else if (is(keyStart, keyEnd, INPUT)) {
          out.inputTokens = count("input_length");
        } else if (is(keyStart, keyEnd, OUTPUT)) {
          out.outputTokens = count("output_length");
        } else if (is(keyStart, keyEnd, HASH_IDS)) {
          ids(out);
        } else {
          skipValue();
        }
        skipSpace();
        if (i < to && b[i] == ',') {
          i++;
          continue;
        }
        expect('}');
        break;
      }
    }
    skipSpace();
    if (i != to) {
      throw new LineProblem("wanted the line to end after the JSON object");
    }
    if (Double.isNaN(out.timeMs)) {
      throw new LineProblem("timestamp: missing");
    }
    if (out.inputTokens < 0) {
      throw new LineProblem("input_length: missing");
    }
    if (out.outputTokens < 0) {
      throw new LineProblem("output_length: missing");
    }
  }

  private void ids(ParsedRequest out) throws LineProblem {
    if (i + 4 <= to && b[i] == 'n' && b[i + 1] == 'u' && b[i + 2] == 'l' && b[i + 3] == 'l') {
      i += 4; // null: no block ids on this line
      return;
    }
    if (i >= to || b[i] != '[') {
      throw new LineProblem("hash_ids: wanted a list of whole numbers >= 0");
    }
    out.hasIds = true;
    // The hot loop of a Mooncake line (tens of ids each): locals, not fields, so they stay in
    // registers, and digits are accumulated as they are scanned.
    byte[] line = b;
    int at = i + 1;
    int end = to;
    long[] ids = out.ids;
    int count = 0;
    while (at < end && (line[at] == ' ' || line[at] == '\t')) {
      at++;
    }
    if (at < end && line[at] == ']') {
      i = at + 1;
      return;
    }
    while (true) {
      while (at < end && (line[at] == ' ' || line[at] == '\t')) {
        at++;
      }
      long id = 0;
      int digits = 0;
      while (at < end) {
        int digit = line[at] - '0';
        if (digit < 0 || digit > 9) {
          break;
        }
        id = id * 10 + digit;
        digits++;
        at++;
      }
      if (digits == 0 || digits > 18) {
        throw new LineProblem("hash_ids: wanted a list of whole numbers >= 0");
      }
      if (count == ids.length) {
        ids = java.util.Arrays.copyOf(ids, count * 2);
      }
      ids[count++] = id;
      while (at < end && (line[at] == ' ' || line[at] == '\t')) {
        at++;
      }
      if (at < end && line[at] == ',') {
        at++;
      } else if (at < end && line[at] == ']') {
        i = at + 1;
        out.ids = ids;
        out.idCount = count;
        return;
      } else {
        throw new LineProblem("hash_ids: wanted a list of whole numbers >= 0");
      }
    }
  }

  private long count(String name) throws LineProblem {
    int start = i;
    while (i < to && !endsValue(b[i])) {
      i++;
    }
    long value = AsciiNumbers.nonNegativeLong(b, start, i);
    if (value < 0) {
      double number = AsciiNumbers.decimal(b, start, i);
      if (number >= 0 && number == Math.rint(number) && number < 1e15) {
        return (long) number;
      }
      throw new LineProblem(
          name + ": wanted a whole number of tokens >= 0, got " + AsciiNumbers.text(b, start, i));
    }
    return value;
  }

  private double number(String name) throws LineProblem {
    int start = i;
    while (i < to && !endsValue(b[i])) {
      i++;
    }
    double value = AsciiNumbers.decimal(b, start, i);
    if (Double.isNaN(value)) {
      throw new LineProblem(name + ": wanted a number, got " + AsciiNumbers.text(b, start, i));
    }
    return value;
  }

  /** Whether {@code c} ends a number or literal: a separator, a closing brace or white space. */
  private static boolean endsValue(byte c) {
    return c == ',' || c == '}' || c == ']' || c == ' ' || c == '\t';
  }

  private boolean is(int from, int end, byte[] name) {
    if (end - from != name.length) {
      return false;
    }
    for (int k = 0; k < name.length; k++) {
      if (b[from + k] != name[k]) {
        return false;
      }
    }
    return true;
  }

  private void skipSpace() {
    while (i < to && (b[i] == ' ' || b[i] == '\t')) {
      i++;
    }
  }

  private void expect(char c) throws LineProblem {
    if (i >= to || b[i] != c) {
      throw new LineProblem(
          "malformed JSON at column " + (i - lineStart + 1) + ": wanted '" + c + "'");
    }
    i++;
  }

  /** Skips a string starting at {@code i} (which must be a quote). */
  private void skipString() throws LineProblem {
    expect('"');
    while (i < to && b[i] != '"') {
      i += b[i] == '\\' ? 2 : 1;
    }
    if (i >= to) {
      throw new LineProblem("malformed JSON: a string is not closed");
    }
    i++;
  }

  /** Skips any JSON value: a string, a number or literal, or a nested object or array. */
  private void skipValue() throws LineProblem {
    if (i < to && b[i] == '"') {
      skipString();
      return;
    }
    if (i < to && (b[i] == '{' || b[i] == '[')) {
      int depth = 0;
      while (i < to) {
        byte c = b[i];
        if (c == '"') {
          skipString();
          continue;
        }
        if (c == '{' || c == '[') {
          depth++;
        } else if (c == '}' || c == ']') {
          depth--;
        }
        i++;
        if (depth == 0) {
          return;
        }
      }
      throw new LineProblem("malformed JSON: a bracket is not closed");
    }
    int start = i;
    while (i < to && !endsValue(b[i])) {
      i++;
    }
    if (i == start) {
      throw new LineProblem("malformed JSON at column " + (i - lineStart + 1) + ": wanted a value");
    }
  }
}
