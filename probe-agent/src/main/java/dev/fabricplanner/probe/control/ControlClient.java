package dev.fabricplanner.probe.control;

import dev.fabricplanner.probe.quic.QuicTransport;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicSslContext;
import io.netty.handler.codec.quic.QuicSslContextBuilder;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.handler.codec.quic.QuicStreamType;
import io.netty.util.concurrent.Future;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The joining side: dials the invite's address, pins its certificate, proves its secret. */
public final class ControlClient {
  private ControlClient() {}

  /** A client TLS context that trusts only the certificate with this fingerprint. */
  public static QuicSslContext pinnedSslContext(CertificateFingerprint fingerprint) {
    return QuicSslContextBuilder.forClient()
        .trustManager(new PinnedCertificateTrustManager(fingerprint))
        .applicationProtocols(ControlServer.ALPN)
        .build();
  }

  /** Dials a QUIC connection to {@code remote}, pinned to {@code fingerprint}. */
  public static QuicChannel dial(
      QuicTransport transport, InetSocketAddress remote, CertificateFingerprint fingerprint, Duration timeout)
      throws ControlException {
    try {
      return transport.connect(remote, pinnedSslContext(fingerprint), ConnectionCloseRecorder.INSTANCE, timeout);
    } catch (java.io.IOException e) {
      throw new ControlException(e.getMessage() + " (is the invite's certificate the one this server presents?)", e);
    }
  }

  /** Joins the server an invite names; returns once it has accepted the proof of the secret. */
  public static ControlSession join(QuicTransport transport, InviteToken invite, Duration timeout)
      throws ControlException {
    InetSocketAddress remote = new InetSocketAddress(invite.host(), invite.port());
    if (remote.isUnresolved()) {
      throw new ControlException("cannot resolve invite address " + invite.host());
    }
    QuicChannel connection = dial(transport, remote, invite.fingerprint(), timeout);
    CompletableFuture<ControlSession> opened = new CompletableFuture<>();
    ControlSession[] sessionRef = new ControlSession[1];
    Future<QuicStreamChannel> stream =
        connection.createStream(
            QuicStreamType.BIDIRECTIONAL,
            new io.netty.channel.ChannelInitializer<QuicStreamChannel>() {
              @Override
              protected void initChannel(QuicStreamChannel channel) {
                ControlSession session = new ControlSession(channel, invite, null);
                sessionRef[0] = session;
                ControlWireFormat.install(channel.pipeline());
                channel
                    .pipeline()
                    .addLast(
                        "protocol",
                        new ControlStreamHandler(
                            ControlProtocol.joiner(invite.secret()), session, opened::complete,
                            transport.settings().idleTimeoutMillis()));
                channel.closeFuture().addListener(closed -> opened.completeExceptionally(
                    new ControlException(session.closedReason() == null ? "control stream closed" : session.closedReason())));
              }
            });
    if (!stream.awaitUninterruptibly(timeout.toMillis()) || !stream.isSuccess()) {
      connection.close();
      throw new ControlException("could not open the control stream: " + ControlSession.describe(stream.cause()));
    }
    try {
      return opened.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      connection.close();
      ControlSession session = sessionRef[0];
      String reason = session == null ? null : session.closedReason();
      throw new ControlException(
          "refused by " + remote + ": " + (reason != null ? reason : e.getCause().getMessage()));
    } catch (TimeoutException e) {
      connection.close();
      throw new ControlException("not admitted by " + remote + " within " + timeout.toMillis() + " ms");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      connection.close();
      throw new ControlException("interrupted while joining");
    }
  }
}
