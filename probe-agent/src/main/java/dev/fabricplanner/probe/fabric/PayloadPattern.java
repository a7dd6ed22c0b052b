package dev.fabricplanner.probe.fabric;

import com.sun.jna.Memory;
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

  /** Writes the seed's pattern into {@code [offset, offset+length)}, stamps included as 0. */
  void fill(Memory memory, long offset, int length, int seed) {
    memory.write(offset, pattern(length, seed), 0, length);
    stamp(memory, offset, length, 0);
  }

  /** The stamp of one slot of one round of a windowed test: never 0, unique per (round, slot). */
  static long roundStamp(int round, int slot) {
    return ((long) round << 16 | slot) + 1;
  }

  static void stamp(Memory memory, long offset, int length, long stamp) {
    memory.setLong(offset, stamp);
    memory.setLong(offset + length - STAMP_BYTES, stamp);
  }

  /** Whether both ends of the message carry {@code stamp}. */
  static boolean stamped(Memory memory, long offset, int length, long stamp) {
    return memory.getLong(offset) == stamp
        && memory.getLong(offset + length - STAMP_BYTES) == stamp;
  }

  /** Whether the bytes between the stamps are the seed's pattern. */
  boolean intact(Memory memory, long offset, int length, int seed) {
    CRC32C crc = new CRC32C();
    crc.update(memory.getByteBuffer(offset + STAMP_BYTES, length - MIN_MESSAGE));
    long key = ((long) length << 32) | (seed & 0xffffffffL);
    long expected = expectedCrc.computeIfAbsent(key, k -> {
      CRC32C reference = new CRC32C();
      reference.update(pattern(length, seed), STAMP_BYTES, length - MIN_MESSAGE);
      return reference.getValue();
    });
    return crc.getValue() == expected;
  }

  private static byte[] pattern(int length, int seed) {
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
