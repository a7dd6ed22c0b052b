package dev.fabricplanner.probe.quic;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import java.util.zip.CRC32C;

/**
 * The bytes a stage-transport test sends: pseudo-random (so that no layer can compress or fake them) and
 * derived from the size, so both ends agree on them and every received byte can be checked.
 */
final class StagePayload {
  private StagePayload() {}

  /** {@code size} deterministic pseudo-random bytes in a direct buffer; the caller releases it. */
  static ByteBuf of(int size) {
    byte[] bytes = new byte[size];
    new SplittableRandom(0x5EED_0000L + size).nextBytes(bytes);
    return Unpooled.directBuffer(size).writeBytes(bytes);
  }

  /** CRC-32C of {@code payload} repeated {@code times} times: what a sink must report back. */
  static int crcOfRepeats(ByteBuf payload, long times) {
    CRC32C crc = new CRC32C();
    ByteBuffer view = payload.nioBuffer(payload.readerIndex(), payload.readableBytes());
    for (long i = 0; i < times; i++) {
      crc.update(view.duplicate());
    }
    return (int) crc.getValue();
  }
}
