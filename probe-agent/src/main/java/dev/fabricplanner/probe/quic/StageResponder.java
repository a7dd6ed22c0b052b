package dev.fabricplanner.probe.quic;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.quic.QuicStreamChannel;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.zip.CRC32C;

/**
 * The serving end of one measurement stream: checks the ticket, then echoes (ping-pong) or counts and
 * checksums (bulk) what arrives. A stream with a wrong ticket closes its whole connection.
 */
final class StageResponder extends ChannelInboundHandlerAdapter {
  private final byte[] ticket;
  private ByteBuf headerBytes;
  private StageStreamHeader header;
  private long sunk;
  private final CRC32C crc = new CRC32C();

  StageResponder(byte[] ticket) {
    this.ticket = ticket;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    ByteBuf in = (ByteBuf) msg;
    if (header == null) {
      if (headerBytes == null) {
        headerBytes = ctx.alloc().buffer(StageStreamHeader.BYTES);
      }
      headerBytes.writeBytes(in, Math.min(in.readableBytes(), headerBytes.writableBytes()));
      if (headerBytes.isWritable()) {
        in.release();
        return;
      }
      header = StageStreamHeader.readFrom(headerBytes);
      headerBytes.release();
      headerBytes = null;
      if (!MessageDigest.isEqual(header.ticket(), ticket)) {
        in.release();
        ((QuicStreamChannel) ctx.channel())
            .parent()
            .close(true, 0x101, Unpooled.copiedBuffer("wrong measurement ticket", StandardCharsets.UTF_8));
        return;
      }
    }
    if (!in.isReadable()) {
      in.release();
      return;
    }
    if (header.mode() == StageStreamHeader.Mode.ECHO) {
      ctx.writeAndFlush(in);
      return;
    }
    sunk += in.readableBytes();
    for (ByteBuffer part : in.nioBuffers()) {
      crc.update(part);
    }
    in.release();
    if (sunk >= header.totalBytes()) {
      ctx.writeAndFlush(ctx.alloc().buffer(StageStreamHeader.SINK_ACK_BYTES).writeLong(sunk).writeInt((int) crc.getValue()));
    }
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
    if (event instanceof io.netty.channel.socket.ChannelInputShutdownEvent) {
      ctx.close(); // the initiator is done with this stream; free it so the stream credit returns
    }
    ctx.fireUserEventTriggered(event);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (headerBytes != null) {
      headerBytes.release();
      headerBytes = null;
    }
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close();
  }
}
