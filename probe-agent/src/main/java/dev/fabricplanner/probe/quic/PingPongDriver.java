package dev.fabricplanner.probe.quic;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.concurrent.CompletableFuture;
import org.HdrHistogram.Histogram;

/**
 * Runs ping-pong on one echo stream entirely on its event loop (no thread hop per round trip): send a
 * message, check every echoed byte against what was sent, time the round trip, repeat. One instance per
 * message size; {@link #start} is called on the stream's event loop.
 */
final class PingPongDriver extends ChannelInboundHandlerAdapter {
  private final ByteBuf payload;
  private final int warmup;
  private final int iterations;
  private final Histogram roundTripsNanos = new Histogram(3);
  private final CompletableFuture<Histogram> done = new CompletableFuture<>();
  private ChannelHandlerContext ctx;
  private int completed;
  private int received;
  private long sentAt;

  PingPongDriver(ByteBuf payload, int warmup, int iterations) {
    this.payload = payload;
    this.warmup = warmup;
    this.iterations = iterations;
  }

  CompletableFuture<Histogram> result() {
    return done;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext context) {
    this.ctx = context;
  }

  void start() {
    sendOne();
  }

  private void sendOne() {
    received = 0;
    sentAt = System.nanoTime();
    ctx.writeAndFlush(payload.retainedDuplicate())
        .addListener(write -> {
          if (!write.isSuccess()) {
            done.completeExceptionally(write.cause());
          }
        });
  }

  @Override
  public void channelRead(ChannelHandlerContext context, Object msg) {
    ByteBuf in = (ByteBuf) msg;
    try {
      int length = in.readableBytes();
      if (received + length > payload.readableBytes()
          || !ByteBufUtil.equals(in, in.readerIndex(), payload, received, length)) {
        done.completeExceptionally(
            new IllegalStateException(
                "echoed payload differs from what was sent at byte " + received + " of " + payload.readableBytes()));
        context.close();
        return;
      }
      received += length;
    } finally {
      in.release();
    }
    if (received < payload.readableBytes()) {
      return;
    }
    long elapsed = System.nanoTime() - sentAt;
    completed++;
    if (completed > warmup) {
      roundTripsNanos.recordValue(elapsed);
    }
    if (completed < warmup + iterations) {
      sendOne();
    } else {
      context.pipeline().remove(this);
      done.complete(roundTripsNanos);
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext context) {
    done.completeExceptionally(new IllegalStateException("the echo stream closed mid-test"));
    context.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
    done.completeExceptionally(cause);
  }
}
