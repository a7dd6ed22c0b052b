package dev.fabricplanner.probe.control;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import java.util.function.Consumer;

/**
 * Last handler of a control stream: runs each decoded message through the {@link ControlProtocol}, sends
 * what it answers, hands application messages to the {@link ControlSession}, and ends the connection on
 * a refusal or a malformed or oversized frame.
 */
final class ControlStreamHandler extends SimpleChannelInboundHandler<ControlMessage> {
  private final ControlProtocol protocol;
  private final ControlSession session;
  private final Consumer<ControlSession> onOpen;
  private final long keepaliveMillis;

  /** @param idleTimeoutMillis the connection's QUIC idle timeout; keepalives go at a third of it */
  ControlStreamHandler(
      ControlProtocol protocol, ControlSession session, Consumer<ControlSession> onOpen, long idleTimeoutMillis) {
    this.protocol = protocol;
    this.session = session;
    this.onOpen = onOpen;
    this.keepaliveMillis = Math.max(100, idleTimeoutMillis / 3);
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    ControlMessage opening = protocol.opening();
    if (opening != null) {
      ctx.writeAndFlush(opening);
    }
    ctx.fireChannelActive();
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, ControlMessage message) {
    boolean wasOpen = protocol.isOpen();
    ControlProtocol.Step step = protocol.receive(message);
    if (step.deliver()) {
      session.deliver(message);
    }
    apply(ctx, step);
    if (!wasOpen && protocol.isOpen()) {
      ctx.channel().parent().attr(AuthDeadline.AUTHENTICATED).set(true);
      keepAlive(ctx);
      onOpen.accept(session);
    }
  }

  /**
   * Sends KEEPALIVE every third of the idle timeout while the session is open: a libfabric phase can run
   * for longer than QUIC's idle timeout without a control message, and the idle timeout must keep
   * meaning "the peer is gone", not "the peer is busy".
   */
  private void keepAlive(ChannelHandlerContext ctx) {
    ctx.executor()
        .schedule(
            () -> {
              if (protocol.isOpen() && ctx.channel().isActive()) {
                ctx.writeAndFlush(ControlMessage.of(MessageType.KEEPALIVE));
                keepAlive(ctx);
              }
            },
            keepaliveMillis,
            java.util.concurrent.TimeUnit.MILLISECONDS);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    Throwable root = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
    String reason;
    if (root instanceof TooLongFrameException) {
      reason = "oversized control frame (limit " + ControlWireFormat.MAX_FRAME_BYTES + " bytes): " + root.getMessage();
    } else if (root instanceof MalformedFrameException) {
      reason = "malformed control frame: " + root.getMessage();
    } else {
      reason = "control stream error: " + ControlSession.describe(root);
    }
    apply(ctx, protocol.fail(reason));
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    protocol.lost();
    String phrase = ctx.channel().parent().attr(ConnectionCloseRecorder.CLOSE_REASON).get();
    session.closed(phrase == null ? "control stream closed by the peer" : "connection closed by the peer: " + phrase);
    ctx.fireChannelInactive();
  }

  private void apply(ChannelHandlerContext ctx, ControlProtocol.Step step) {
    if (step.closeReason() == null) {
      if (step.reply() != null) {
        ctx.writeAndFlush(step.reply());
      }
      return;
    }
    if (step.reply() != null) {
      // The reason also travels as the QUIC close phrase, in case the refusal frame is still queued.
      ctx.writeAndFlush(step.reply()).addListener(done -> session.closeConnection(step.closeReason()));
    } else {
      session.closeConnection(step.closeReason());
    }
  }
}
