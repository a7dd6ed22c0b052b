package dev.fabricplanner.sim.trace;

import java.nio.charset.StandardCharsets;

/** Numbers read straight from ASCII bytes, the fast path of every trace parser. */
final class AsciiNumbers {
  private AsciiNumbers() {}

  /** A non-negative decimal integer filling {@code [from, to)}, or -1 when it is not one. */
  static long nonNegativeLong(byte[] b, int from, int to) {
    if (from >= to || to - from > 18) {
      return -1;
    }
    long value = 0;
    for (int i = from; i < to; i++) {
      int digit = b[i] - '0';
      if (digit < 0 || digit > 9) {
        return -1;
      }
      value = value * 10 + digit;
    }
    return value;
  }

  /** A decimal number filling {@code [from, to)}; NaN when it is not one. */
  static double decimal(byte[] b, int from, int to) {
    if (from >= to) {
      return Double.NaN;
    }
    int i = from;
    boolean negative = b[i] == '-';
    if (negative) {
      i++;
    }
    long whole = 0;
    int digits = 0;
    while (i < to && b[i] >= '0' && b[i] <= '9') {
      whole = whole * 10 + (b[i++] - '0');
      digits++;
    }
    double value = whole;
    if (i < to && b[i] == '.') {
      i++;
      long fraction = 0;
      long scale = 1;
      int fractionDigits = 0;
      while (i < to && b[i] >= '0' && b[i] <= '9') {
        if (fractionDigits < 15) {
          fraction = fraction * 10 + (b[i] - '0');
          scale *= 10;
        }
        fractionDigits++;
        i++;
      }
      digits += fractionDigits;
      value += (double) fraction / scale;
    }
    if (digits == 0 || digits > 18 && i == to) {
      return digits == 0 ? Double.NaN : slow(b, from, to);
    }
    if (i < to) {
      // Exponents and anything unusual: the JDK's parser decides.
      return slow(b, from, to);
    }
    return negative ? -value : value;
  }

  private static double slow(byte[] b, int from, int to) {
    try {
      return Double.parseDouble(new String(b, from, to - from, StandardCharsets.ISO_8859_1));
    } catch (NumberFormatException notANumber) {
      return Double.NaN;
    }
  }

  /** {@code [from, to)} as text, for messages. */
  static String text(byte[] b, int from, int to) {
    int length = Math.min(to - from, 60);
    String text = new String(b, from, Math.max(0, length), StandardCharsets.ISO_8859_1);
    return to - from > 60 ? text + "..." : text;
  }
}
