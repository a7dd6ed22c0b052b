package dev.fabricplanner.probe.control;

import dev.fabricplanner.probe.quic.QuicTransport;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.quic.QuicSslContext;
import io.netty.handler.codec.quic.QuicSslContextBuilder;
import io.netty.handler.codec.quic.QuicStreamChannel;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The serving side's QUIC listener: presents a fresh self-signed certificate, greets every control
 * stream with a nonce, and hands each joiner that proves the invite secret to the caller, in the order
 * they were admitted, up to the number of joiners the invite allows.
 */
public final class ControlServer implements AutoCloseable {
  /** ALPN of the control connection; a client speaking anything else fails the handshake. */
  public static final String ALPN = "fabric-planner-probe/1";

  private final ProbeIdentity identity;
  private final InviteAllowance invite;
  private final Channel channel;
  private final BlockingQueue<ControlSession> joined = new LinkedBlockingQueue<>();

  private ControlServer(ProbeIdentity identity, InviteAllowance invite, Channel channel) {
    this.identity = identity;
    this.invite = invite;
    this.channel = channel;
  }

  /** Listens on {@code address} (port 0 picks one) with a new identity and a one-joiner invite. */
  public static ControlServer start(QuicTransport transport, InetSocketAddress address, Duration authTimeout)
      throws InterruptedException {
    return start(transport, address, authTimeout, 1);
  }

  /** As above, with an invite that admits {@code joiners} joiners (each proves the secret on its own nonce). */
  public static ControlServer start(
      QuicTransport transport, InetSocketAddress address, Duration authTimeout, int joiners)
      throws InterruptedException {
    ProbeIdentity identity = ProbeIdentity.generate();
    InviteAllowance invite = new InviteAllowance(InviteSecret.random(), joiners);
    Holder holder = new Holder();
    Channel channel =
        transport.bindServer(
            address,
            sslContext(identity),
            new ChannelInitializer<io.netty.handler.codec.quic.QuicChannel>() {
              @Override
              protected void initChannel(io.netty.handler.codec.quic.QuicChannel connection) {
                connection.pipeline().addLast(ConnectionCloseRecorder.INSTANCE, new AuthDeadline(authTimeout));
              }
            },
            new ChannelInitializer<QuicStreamChannel>() {
              @Override
              protected void initChannel(QuicStreamChannel stream) {
                ControlSession session = new ControlSession(stream, null, identity);
                ControlWireFormat.install(stream.pipeline());
                stream
                    .pipeline()
                    .addLast(
                        "protocol",
                        new ControlStreamHandler(
                            ControlProtocol.server(invite), session, holder.server::admit,
                            transport.settings().idleTimeoutMillis()));
              }
            });
    holder.server = new ControlServer(identity, invite, channel);
    return holder.server;
  }

  /** The TLS context every listener of this identity presents (control and measurement alike). */
  public static QuicSslContext sslContext(ProbeIdentity identity) {
    return QuicSslContextBuilder.forServer(identity.privateKey(), null, identity.certificate())
        .applicationProtocols(ALPN)
        .build();
  }

  /** The token to give the joining host; {@code advertisedHost} is the address it should dial. */
  public InviteToken invite(String advertisedHost) {
    return new InviteToken(
        advertisedHost, localAddress().getPort(), identity.fingerprint(), invite.secret(), InviteToken.VERSION);
  }

  public InetSocketAddress localAddress() {
    return (InetSocketAddress) channel.localAddress();
  }

  public ProbeIdentity identity() {
    return identity;
  }

  /** The next authenticated joiner, in the order they proved the secret. */
  public ControlSession awaitPeer(Duration timeout) throws ControlException {
    try {
      ControlSession session = joined.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (session == null) {
        throw new ControlException("no peer joined within " + timeout.toSeconds() + " s");
      }
      return session;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ControlException("interrupted while waiting for a peer");
    }
  }

  private void admit(ControlSession session) {
    joined.add(session);
  }

  @Override
  public void close() {
    channel.close().syncUninterruptibly();
  }

  /** Lets the stream initializer reach the server it is built before. */
  private static final class Holder {
    ControlServer server;
  }
}
