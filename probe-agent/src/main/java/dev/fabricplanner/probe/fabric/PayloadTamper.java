package dev.fabricplanner.probe.fabric;

import com.sun.jna.Memory;

/** A test hook at the responder that may damage a received message before it goes back. */
@FunctionalInterface
interface PayloadTamper {
  void tamper(Memory memory, long offset, int length);

  /** Flips one byte in the middle of every message. */
  static PayloadTamper flipMiddleByte() {
    return (memory, offset, length) -> {
      long at = offset + length / 2;
      memory.setByte(at, (byte) ~memory.getByte(at));
    };
  }
}
