package dev.fabricplanner.probe.fabric;

import com.sun.jna.Memory;

/**
 * The responder's counts at the end of a streaming or RMA test, as they cross the fabric: four
 * little-endian longs (stamps checked, contents checked, stamp errors, content errors).
 */
final class VerdictMessage {
  /** Bytes the message occupies at the start of a control buffer. */
  static final int BYTES = 32;

  private VerdictMessage() {}

  static void write(Memory buffer, long stampChecks, long contentChecks, long stampErrors,
      long contentErrors) {
    buffer.setLong(0, stampChecks);
    buffer.setLong(8, contentChecks);
    buffer.setLong(16, stampErrors);
    buffer.setLong(24, contentErrors);
  }

  static Verification read(Memory buffer) {
    return Verification.of(buffer.getLong(0), buffer.getLong(8), buffer.getLong(16),
        buffer.getLong(24));
  }
}
