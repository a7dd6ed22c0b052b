package dev.fabricplanner.probe.control;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.util.AttributeKey;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Closes a server-side connection whose joiner has not authenticated in time, including one that never
 * opens a stream at all (QUIC tells the server of a stream only when its first bytes arrive).
 */
final class AuthDeadline extends ChannelInboundHandlerAdapter {
  static final AttributeKey<Boolean> AUTHENTICATED = AttributeKey.valueOf("probe.authenticated");

  private final Duration timeout;

  AuthDeadline(Duration timeout) {
    this.timeout = timeout;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    QuicChannel connection = (QuicChannel) ctx.channel();
    ctx.executor()
        .schedule(
            () -> {
              if (connection.isActive() && !Boolean.TRUE.equals(connection.attr(AUTHENTICATED).get())) {
                String reason = "not authenticated within " + timeout.toMillis() + " ms";
                connection.close(
                    true, ControlSession.CLOSE_CODE, Unpooled.copiedBuffer(reason, StandardCharsets.UTF_8));
              }
            },
            timeout.toMillis(),
            TimeUnit.MILLISECONDS);
    ctx.fireChannelActive();
  }
}
