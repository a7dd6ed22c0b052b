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
    // Over a block of up to 64 KiB of repeats rather than one call per message: a 64 MiB run of
    // 64 B messages is a million of them.
    int size = payload.readableBytes();
    int perBlock = (int) Math.max(1, Math.min(times, BulkStreamDriver.BATCH_BYTES / size));
    ByteBuffer block = ByteBuffer.allocate(perBlock * size);
    for (int i = 0; i < perBlock; i++) {
      block.put(payload.nioBuffer(payload.readerIndex(), size));
    }
    block.flip();
    CRC32C crc = new CRC32C();
    for (long done = 0; done < times; done += perBlock) {
      int repeats = (int) Math.min(perBlock, times - done);
      crc.update(block.duplicate().limit(repeats * size));
    }
    return (int) crc.getValue();
  }
}
