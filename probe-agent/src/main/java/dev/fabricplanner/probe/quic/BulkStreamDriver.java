package dev.fabricplanner.probe.quic;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.concurrent.CompletableFuture;

/**
 * Streams {@code messages} copies of a payload down one sink stream as fast as flow control allows
 * (writing while the channel is writable), then waits for the sink's count and CRC and checks both.
 * Completes with the nanoTime at which the verified acknowledgement arrived. Small messages are posted
 * in batches of up to 64 KiB per write, as a stage transport gathers small sends (one quiche call each).
 */
final class BulkStreamDriver extends ChannelInboundHandlerAdapter {
  static final int BATCH_BYTES = 64 * 1024;

  private final ByteBuf payload;
  private final long messages;
  private final int perBatch;
  private ByteBuf batch;
  private final int expectedCrc;
  private final CompletableFuture<Long> done = new CompletableFuture<>();
  private ChannelHandlerContext ctx;
  private long written;
  private ByteBuf ack;

  BulkStreamDriver(ByteBuf payload, long messages, int expectedCrc) {
    this.payload = payload;
    this.messages = messages;
    this.expectedCrc = expectedCrc;
    this.perBatch = (int) Math.max(1, Math.min(messages, BATCH_BYTES / payload.readableBytes()));
  }

  CompletableFuture<Long> result() {
    return done;
  }

  long totalBytes() {
    return messages * payload.readableBytes();
  }

  @Override
  public void handlerAdded(ChannelHandlerContext context) {
    this.ctx = context;
    this.ack = context.alloc().buffer(StageStreamHeader.SINK_ACK_BYTES);
    if (perBatch == 1) {
      batch = payload.retainedDuplicate();
    } else {
      batch = context.alloc().directBuffer(perBatch * payload.readableBytes());
      for (int i = 0; i < perBatch; i++) {
        batch.writeBytes(payload, payload.readerIndex(), payload.readableBytes());
      }
    }
  }

  /** Writes until the stream is not writable; called again when it becomes writable. */
  void pump() {
    boolean wroteAny = false;
    while (written < messages && ctx.channel().isWritable()) {
      int count = (int) Math.min(perBatch, messages - written);
      ByteBuf post = batch.retainedSlice(0, count * payload.readableBytes());
      ctx.write(post).addListener(write -> {
        if (!write.isSuccess()) {
          done.completeExceptionally(write.cause());
        }
      });
      written += count;
      wroteAny = true;
    }
    if (wroteAny) {
      ctx.flush();
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext context) {
    if (context.channel().isWritable()) {
      pump();
    }
    context.fireChannelWritabilityChanged();
  }

  @Override
  public void channelRead(ChannelHandlerContext context, Object msg) {
    ByteBuf in = (ByteBuf) msg;
    ack.writeBytes(in, Math.min(in.readableBytes(), ack.writableBytes()));
    in.release();
    if (ack.isWritable()) {
      return;
    }
    long now = System.nanoTime();
    long count = ack.readLong();
    int crc = ack.readInt();
    if (count != totalBytes()) {
      done.completeExceptionally(
          new IllegalStateException("sink received " + count + " bytes, " + totalBytes() + " were sent"));
    } else if (crc != expectedCrc) {
      done.completeExceptionally(new IllegalStateException("sink's CRC-32C differs from the bytes sent"));
    } else {
      done.complete(now);
    }
    context.close();
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext context) {
    ack.release();
    batch.release();
  }

  @Override
  public void channelInactive(ChannelHandlerContext context) {
    done.completeExceptionally(new IllegalStateException("the bulk stream closed before the sink answered"));
    context.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
    done.completeExceptionally(cause);
  }
}
