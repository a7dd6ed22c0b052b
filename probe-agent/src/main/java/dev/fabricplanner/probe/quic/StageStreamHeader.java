package dev.fabricplanner.probe.quic;

import io.netty.buffer.ByteBuf;

/**
 * The first bytes of every measurement stream: the one-time ticket handed over the authenticated control
 * stream (so the measurement listener serves nobody else), the mode, and for a sink the byte count to
 * expect. Fixed layout: 32-byte ticket, 1-byte mode, 8-byte big-endian total.
 */
record StageStreamHeader(byte[] ticket, Mode mode, long totalBytes) {
  static final int TICKET_BYTES = 32;
  static final int BYTES = TICKET_BYTES + 1 + 8;
  /** The sink's answer: bytes received (8) and their CRC-32C (4). */
  static final int SINK_ACK_BYTES = 12;

  enum Mode {
    /** Send every byte straight back (ping-pong latency). */
    ECHO,
    /** Count and checksum {@code totalBytes}, then answer with the count and CRC (bulk throughput). */
    SINK
  }

  void writeTo(ByteBuf out) {
    out.writeBytes(ticket).writeByte(mode.ordinal()).writeLong(totalBytes);
  }

  static StageStreamHeader readFrom(ByteBuf in) {
    byte[] ticket = new byte[TICKET_BYTES];
    in.readBytes(ticket);
    int mode = in.readUnsignedByte();
    long total = in.readLong();
    if (mode >= Mode.values().length) {
      throw new IllegalArgumentException("unknown stage stream mode " + mode);
    }
    return new StageStreamHeader(ticket, Mode.values()[mode], total);
  }
}
