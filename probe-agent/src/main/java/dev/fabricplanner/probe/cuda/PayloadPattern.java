package dev.fabricplanner.probe.cuda;

import java.util.SplittableRandom;
import java.util.zip.CRC32C;

/** Seeded pseudo-random payload bytes, so a copy that moved the wrong bytes is caught. */
final class PayloadPattern {
  private PayloadPattern() {}

  static byte[] bytes(long size, long seed) {
    if (size > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("payload over 2 GiB: " + size);
    }
    byte[] bytes = new byte[(int) size];
    new SplittableRandom(seed).nextBytes(bytes);
    return bytes;
  }

  static long checksum(byte[] bytes) {
    CRC32C crc = new CRC32C();
    crc.update(bytes);
    return crc.getValue();
  }
}
