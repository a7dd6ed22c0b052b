package dev.fabricplanner.probe.fabric;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * How payloads are made and checked. A message of {@code n} bytes is
 * {@code [stamp:8][pattern:n-16][stamp:8]}: the stamp (the same 8 bytes at both ends) names the
 * message, so a stale, lost, reordered or torn message is caught with two reads; the pattern
 * depends on a seed and is checked in full with CRC32C.
 */
final class PayloadPattern {
  static final int STAMP_BYTES = 8;
  static final int MIN_MESSAGE = 2 * STAMP_BYTES;

  private final Map<Long, Long> expectedCrc = new HashMap<>();
  private final CRC32C checksum = new CRC32C();

  /** Writes the seed's pattern into {@code [offset, offset+length)}, stamps included as 0. */
  void fill(RegisteredBuffer buffer, long offset, int length, int seed) {
    buffer.memory().write(offset, pattern(length, seed), 0, length);
    stamp(buffer, offset, length, 0);
  }

  /** The stamp of one slot of one round of a windowed test: never 0, unique per (round, slot). */
  static long roundStamp(int round, int slot) {
    return ((long) round << 16 | slot) + 1;
  }

  /**
   * Writes {@code stamp} at both ends of the message. Through the buffer's ByteBuffer view, which
   * the JIT turns into two stores, where JNA's setLong would be two native calls on the critical
   * path of every ping-pong reply.
   */
  static void stamp(RegisteredBuffer buffer, long offset, int length, long stamp) {
    ByteBuffer view = buffer.bytes();
    view.putLong((int) offset, stamp);
    view.putLong((int) (offset + length - STAMP_BYTES), stamp);
  }

  /** The stamp at the start of the message. */
  static long leadingStamp(RegisteredBuffer buffer, long offset) {
    return buffer.bytes().getLong((int) offset);
  }

  /** Whether both ends of the message carry {@code stamp}. */
  static boolean stamped(RegisteredBuffer buffer, long offset, int length, long stamp) {
    ByteBuffer view = buffer.bytes();
    return view.getLong((int) offset) == stamp
        && view.getLong((int) (offset + length - STAMP_BYTES)) == stamp;
  }

  /**
   * The CRC32C of the seed's pattern between the stamps: computed once per (length, seed), so that
   * a test looks it up before its loop rather than in it.
   */
  long crc(int length, int seed) {
    long key = ((long) length << 32) | (seed & 0xffffffffL);
    return expectedCrc.computeIfAbsent(key, k -> {
      CRC32C reference = new CRC32C();
      reference.update(pattern(length, seed), STAMP_BYTES, length - MIN_MESSAGE);
      return reference.getValue();
    });
  }

  /**
   * Whether the bytes between the stamps have the CRC32C {@code expectedCrc} (from {@link #crc}).
   * Allocates nothing: it runs between timed round trips, where a collection would be a hole.
   */
  boolean intact(RegisteredBuffer buffer, long offset, int length, long expectedCrc) {
    ByteBuffer view = buffer.bytes();
    view.clear();
    view.position((int) offset + STAMP_BYTES);
    view.limit((int) offset + length - STAMP_BYTES);
    checksum.reset();
    checksum.update(view);
    view.clear(); // the stamps' absolute reads and writes are bounded by the limit
    return checksum.getValue() == expectedCrc;
  }

  static byte[] pattern(int length, int seed) {
    byte[] bytes = new byte[length];
    // An LCG rather than i % 256, so shifted or repeated blocks do not pass for the right ones.
    int state = 0x9e3779b9 ^ (seed * 0x85ebca6b) ^ length;
    for (int i = 0; i < length; i++) {
      state = state * 1664525 + 1013904223;
      bytes[i] = (byte) (state >>> 24);
    }
    return bytes;
  }
}
