package dev.fabricplanner.probe.control;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.quic.QuicConnectionCloseEvent;
import io.netty.util.AttributeKey;
import java.nio.charset.StandardCharsets;

/** Keeps the peer's QUIC close phrase on the connection, so a closed control stream can say why. */
@ChannelHandler.Sharable
final class ConnectionCloseRecorder extends ChannelInboundHandlerAdapter {
  static final AttributeKey<String> CLOSE_REASON = AttributeKey.valueOf("probe.closeReason");
  static final ConnectionCloseRecorder INSTANCE = new ConnectionCloseRecorder();

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
    if (event instanceof QuicConnectionCloseEvent close) {
      String phrase = phrase(close);
      ctx.channel()
          .attr(CLOSE_REASON)
          .setIfAbsent(
              close.isTlsError()
                  ? "TLS error " + QuicConnectionCloseEvent.extractTlsError(close.error())
                  : phrase.isEmpty() ? "connection closed (code " + close.error() + ")" : phrase);
    }
    ctx.fireUserEventTriggered(event);
  }

  private static String phrase(QuicConnectionCloseEvent close) {
    // Netty 4.2.18's reason() clones its array without a null check, so a close without a phrase would
    // throw; its toString() prints the array null-safely. Never provoke that NullPointerException: in a
    // process where native code (libfabric's providers) has replaced the fault handlers, an implicit
    // null check in compiled code takes the process down.
    if (close.toString().endsWith("reason=null}")) {
      return "";
    }
    return new String(close.reason(), StandardCharsets.UTF_8);
  }
}
