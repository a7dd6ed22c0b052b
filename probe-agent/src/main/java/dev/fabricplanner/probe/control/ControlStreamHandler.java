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

  ControlStreamHandler(ControlProtocol protocol, ControlSession session, Consumer<ControlSession> onOpen) {
    this.protocol = protocol;
    this.session = session;
    this.onOpen = onOpen;
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
      onOpen.accept(session);
    }
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
