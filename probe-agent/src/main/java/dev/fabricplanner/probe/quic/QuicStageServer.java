package dev.fabricplanner.probe.quic;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.quic.QuicSslContext;
import io.netty.handler.codec.quic.QuicStreamChannel;
import java.net.InetSocketAddress;
import java.security.SecureRandom;

/**
 * The responder's measurement listener for one QUIC stage test: a separate QUIC listener (so the test's
 * traffic and failures never touch the control connection) that serves only streams opening with its
 * one-time ticket.
 */
public final class QuicStageServer implements AutoCloseable {
  private final Channel channel;
  private final byte[] ticket;

  private QuicStageServer(Channel channel, byte[] ticket) {
    this.channel = channel;
    this.ticket = ticket;
  }

  /** Listens on {@code address} (port 0 picks one), presenting {@code ssl}'s certificate. */
  public static QuicStageServer start(QuicTransport transport, QuicSslContext ssl, InetSocketAddress address)
      throws InterruptedException {
    byte[] ticket = new byte[StageStreamHeader.TICKET_BYTES];
    new SecureRandom().nextBytes(ticket);
    Channel channel =
        transport.bindServer(
            address,
            ssl,
            new io.netty.channel.ChannelInboundHandlerAdapter() {
              @Override
              public boolean isSharable() {
                return true;
              }
            },
            new ChannelInitializer<QuicStreamChannel>() {
              @Override
              protected void initChannel(QuicStreamChannel stream) {
                stream.pipeline().addLast(new StageResponder(ticket));
              }
            });
    return new QuicStageServer(channel, ticket);
  }

  public InetSocketAddress localAddress() {
    return (InetSocketAddress) channel.localAddress();
  }

  /** The ticket the initiator must open every stream with; sent over the control stream. */
  public byte[] ticket() {
    return ticket.clone();
  }

  /** Drops the listener at once, as a crashed peer would: open streams stop being served. */
  @Override
  public void close() {
    channel.close().syncUninterruptibly();
  }
}
