package dev.fabricplanner.probe.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fabricplanner.probe.quic.QuicTransport;
import dev.fabricplanner.probe.quic.QuicTransportSettings;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.handler.codec.quic.QuicStreamType;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Real QUIC connections on loopback: who is admitted, who is refused, and that refusals close. */
class ControlPlaneTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  private static QuicTransport transport;
  private ControlServer server;

  @BeforeAll
  static void startTransport() {
    transport = new QuicTransport(QuicTransportSettings.forLoopback(), 2);
  }

  @AfterAll
  static void stopTransport() {
    transport.close();
  }

  @BeforeEach
  void startServer() throws InterruptedException {
    server = ControlServer.start(transport, new InetSocketAddress("127.0.0.1", 0), TIMEOUT);
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  @Test
  void joinerWithTheInviteIsAdmittedAndMessagesFlowBothWays() throws Exception {
    InviteToken invite = InviteToken.decode(server.invite("127.0.0.1").encode());
    try (ControlSession joiner = ControlClient.join(transport, invite, TIMEOUT);
        ControlSession served = server.awaitPeer(TIMEOUT)) {
      ControlMessage offer = ControlMessage.of(MessageType.OFFER);
      offer.body().put("host", "joiner");
      joiner.send(offer, TIMEOUT);
      assertThat(served.expect(MessageType.OFFER, TIMEOUT).text("host")).isEqualTo("joiner");

      ControlMessage reply = ControlMessage.of(MessageType.OFFER);
      reply.body().put("host", "server");
      served.send(reply, TIMEOUT);
      assertThat(joiner.expect(MessageType.OFFER, TIMEOUT).text("host")).isEqualTo("server");
    }
  }

  @Test
  void aSessionStillKnowsItsAddressesAfterThePeerClosed() throws Exception {
    InviteToken invite = server.invite("127.0.0.1");
    ControlSession joiner = ControlClient.join(transport, invite, TIMEOUT);
    try (ControlSession served = server.awaitPeer(TIMEOUT)) {
      java.net.InetSocketAddress joinerAddress = joiner.localAddress();
      joiner.close();
      assertThatThrownBy(() -> {
        while (true) {
          served.receive(TIMEOUT); // the joiner's bye, then the end of the connection
        }
      }).isInstanceOf(ControlException.class).hasMessageStartingWith("peer gone");
      // A fast peer may be gone before this side asks where it was (the session then plans its
      // backends from these addresses): the answer must not depend on the connection being up.
      assertThat(served.isOpen()).isFalse();
      assertThat(served.remoteAddress()).isEqualTo(joinerAddress);
      assertThat(served.localAddress().getPort()).isEqualTo(invite.port());
    }
  }

  @Test
  void wrongSecretIsRefusedAndNobodyIsAdmitted() throws Exception {
    InviteToken real = server.invite("127.0.0.1");
    InviteToken forged =
        new InviteToken(real.host(), real.port(), real.fingerprint(), InviteSecret.random(), real.version());
    assertThatThrownBy(() -> ControlClient.join(transport, forged, TIMEOUT))
        .isInstanceOf(ControlException.class)
        .hasMessageContaining("wrong invite secret");
    assertThatThrownBy(() -> server.awaitPeer(Duration.ofMillis(200))).isInstanceOf(ControlException.class);
  }

  @Test
  void theSecretWorksOnlyOnce() throws Exception {
    InviteToken invite = server.invite("127.0.0.1");
    try (ControlSession first = ControlClient.join(transport, invite, TIMEOUT)) {
      assertThat(first.isOpen()).isTrue();
      assertThatThrownBy(() -> ControlClient.join(transport, invite, TIMEOUT))
          .isInstanceOf(ControlException.class)
          .hasMessageContaining("already used");
    }
  }

  @Test
  void anInviteForThreeAdmitsThreeJoinersInTurnAndRefusesTheFourth() throws Exception {
    try (ControlServer many = ControlServer.start(transport, new java.net.InetSocketAddress("127.0.0.1", 0), TIMEOUT, 3)) {
      InviteToken invite = many.invite("127.0.0.1");
      java.util.List<ControlSession> joiners = new java.util.ArrayList<>();
      try {
        for (int i = 0; i < 3; i++) {
          joiners.add(ControlClient.join(transport, invite, TIMEOUT));
        }
        assertThatThrownBy(() -> ControlClient.join(transport, invite, TIMEOUT))
            .isInstanceOf(ControlException.class)
            .hasMessageContaining("this invite was already used by its 3 joiners");
        // Each admitted joiner is handed out once, in the order it proved the secret.
        for (ControlSession joiner : joiners) {
          try (ControlSession served = many.awaitPeer(TIMEOUT)) {
            assertThat(served.remoteAddress()).isEqualTo(joiner.localAddress());
          }
        }
        assertThatThrownBy(() -> many.awaitPeer(Duration.ofMillis(200))).isInstanceOf(ControlException.class);
      } finally {
        joiners.forEach(ControlSession::close);
      }
    }
  }

  @Test
  void joinerPinnedToAnotherCertificateRefusesTheServer() {
    InviteToken real = server.invite("127.0.0.1");
    CertificateFingerprint other = ProbeIdentity.generate().fingerprint();
    InviteToken pinnedElsewhere = new InviteToken(real.host(), real.port(), other, real.secret(), real.version());
    assertThatThrownBy(() -> ControlClient.join(transport, pinnedElsewhere, TIMEOUT))
        .isInstanceOf(ControlException.class)
        .hasMessageContaining("handshake");
    assertThatThrownBy(() -> server.awaitPeer(Duration.ofMillis(200))).isInstanceOf(ControlException.class);
  }

  @Test
  void anythingBeforeAuthIsRefusedAndTheConnectionClosed() throws Exception {
    byte[] offer = ControlWireFormat.encode(ControlMessage.of(MessageType.OFFER));
    RawExchange exchange = RawExchange.send(server, frame(offer));
    assertThat(exchange.closedWithin(TIMEOUT)).isTrue();
    assertThat(exchange.received()).contains("refused").contains("first message must be hello");
  }

  @Test
  void malformedFrameIsRefusedAndTheConnectionClosed() throws Exception {
    RawExchange exchange = RawExchange.send(server, frame("{\"v\":1,\"type\":".getBytes(StandardCharsets.UTF_8)));
    assertThat(exchange.closedWithin(TIMEOUT)).isTrue();
    assertThat(exchange.received()).contains("malformed control frame");
  }

  @Test
  void wrongVersionIsRefused() throws Exception {
    RawExchange exchange =
        RawExchange.send(server, frame("{\"v\":7,\"type\":\"auth\",\"body\":{}}".getBytes(StandardCharsets.UTF_8)));
    assertThat(exchange.closedWithin(TIMEOUT)).isTrue();
    assertThat(exchange.received()).contains("version 7 is not supported");
  }

  @Test
  void oversizedFrameIsRefusedAndTheConnectionClosed() throws Exception {
    byte[] huge = new byte[ControlWireFormat.MAX_FRAME_BYTES + 1];
    java.util.Arrays.fill(huge, (byte) ' ');
    RawExchange exchange = RawExchange.send(server, frame(huge));
    assertThat(exchange.closedWithin(TIMEOUT)).isTrue();
    assertThat(exchange.received()).contains("oversized control frame");
  }

  @Test
  void silentJoinerIsClosedAfterTheAuthTimeout() throws Exception {
    server.close();
    server = ControlServer.start(transport, new InetSocketAddress("127.0.0.1", 0), Duration.ofMillis(300));
    RawExchange exchange = RawExchange.send(server, Unpooled.EMPTY_BUFFER);
    assertThat(exchange.closedWithin(TIMEOUT)).isTrue();
    assertThat(exchange.received()).contains("not authenticated within 300 ms");
  }

  @Test
  void keepalivesHoldAnIdleSessionOpenPastTheQuicIdleTimeout() throws Exception {
    // A long libfabric phase sends no control message for longer than QUIC's idle timeout.
    try (QuicTransport shortIdle =
        new QuicTransport(QuicTransportSettings.forLoopback().withIdleTimeoutMillis(1500), 1)) {
      ControlServer idleServer = ControlServer.start(shortIdle, new InetSocketAddress("127.0.0.1", 0), TIMEOUT);
      try (ControlSession joiner = ControlClient.join(shortIdle, idleServer.invite("127.0.0.1"), TIMEOUT);
          ControlSession served = idleServer.awaitPeer(TIMEOUT)) {
        Thread.sleep(4000);
        assertThat(joiner.isOpen()).isTrue();
        joiner.send(ControlMessage.of(MessageType.OFFER), TIMEOUT);
        assertThat(served.expect(MessageType.OFFER, TIMEOUT).type()).isEqualTo(MessageType.OFFER);
      } finally {
        idleServer.close();
      }
    }
  }

  @Test
  void aVanishedPeerIsNoticedByAWaitingReceiveWithoutWaitingOutItsTimeout() throws Exception {
    InviteToken invite = server.invite("127.0.0.1");
    try (ControlSession joiner = ControlClient.join(transport, invite, TIMEOUT);
        ControlSession served = server.awaitPeer(TIMEOUT)) {
      new Thread(() -> {
        sleepQuietly(300);
        served.abort();
      }).start();
      long start = System.nanoTime();
      assertThatThrownBy(() -> joiner.receive(Duration.ofSeconds(60)))
          .isInstanceOf(ControlException.class)
          .hasMessageContaining("peer gone");
      // Well under the 60 s asked for: QUIC's idle timeout (30 s) bounds it at worst.
      assertThat((System.nanoTime() - start) / 1e9).isLessThan(35);
    }
  }

  private static void sleepQuietly(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void inviteTokenRoundTripsAndRejectsGarbage() throws Exception {
    InviteToken invite = server.invite("127.0.0.1");
    InviteToken back = InviteToken.decode(invite.encode());
    assertThat(back.port()).isEqualTo(invite.port());
    assertThat(back.fingerprint()).isEqualTo(invite.fingerprint());
    assertThat(back.secret()).isEqualTo(invite.secret());
    assertThatThrownBy(() -> InviteToken.decode("not-a-token!"))
        .hasMessageContaining("--join: not an invite token");
  }

  private static ByteBuf frame(byte[] body) {
    return Unpooled.buffer().writeInt(body.length).writeBytes(body);
  }

  /** A pinned QUIC client that writes raw bytes on a control stream and records what comes back. */
  private static final class RawExchange extends ChannelInboundHandlerAdapter {
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private QuicChannel connection;

    static RawExchange send(ControlServer server, ByteBuf bytes) throws Exception {
      RawExchange exchange = new RawExchange();
      exchange.connection =
          ControlClient.dial(transport, server.localAddress(), server.identity().fingerprint(), TIMEOUT);
      exchange.connection.closeFuture().addListener(f -> exchange.closed.complete(null));
      QuicStreamChannel stream =
          exchange.connection.createStream(QuicStreamType.BIDIRECTIONAL, exchange).sync().getNow();
      if (bytes.isReadable()) {
        stream.writeAndFlush(bytes).sync();
      }
      return exchange;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ByteBuf buf = (ByteBuf) msg;
      synchronized (received) {
        byte[] copy = new byte[buf.readableBytes()];
        buf.readBytes(copy);
        received.writeBytes(copy);
      }
      buf.release();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close(); // the server closed the connection under the stream: expected here
    }

    boolean closedWithin(Duration timeout) throws Exception {
      try {
        closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        return true;
      } catch (java.util.concurrent.TimeoutException e) {
        connection.close();
        return false;
      }
    }

    String received() {
      synchronized (received) {
        return received.toString(StandardCharsets.UTF_8)
            + " | close: "
            + connection.attr(ConnectionCloseRecorder.CLOSE_REASON).get();
      }
    }
  }
}
