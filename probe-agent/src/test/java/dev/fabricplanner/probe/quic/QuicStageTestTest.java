package dev.fabricplanner.probe.quic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fabricplanner.core.record.SizeSample;
import dev.fabricplanner.probe.control.ControlClient;
import dev.fabricplanner.probe.control.ControlServer;
import dev.fabricplanner.probe.control.ProbeIdentity;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.quic.QuicStreamChannel;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The QUIC stage test against its real responder, and against responders that lie about the bytes. */
class QuicStageTestTest {
  private static final StageSweepPlan PLAN =
      new StageSweepPlan(List.of(64, 65536, 1 << 20), 10, 100, 4L << 20, 2, Duration.ofSeconds(5), Duration.ZERO);
  private static final ProbeIdentity IDENTITY = ProbeIdentity.generate();
  private static QuicTransport server;
  private static QuicTransport client;

  @BeforeAll
  static void start() {
    server = new QuicTransport(QuicTransportSettings.forLoopback(), 1);
    client = new QuicTransport(QuicTransportSettings.forLoopback(), 1);
  }

  @AfterAll
  static void stop() {
    client.close();
    server.close();
  }

  @Test
  void measuresEverySizeWithVerifiedPayloadsAndSaneFigures() throws Exception {
    try (QuicStageServer stage =
        QuicStageServer.start(server, ControlServer.sslContext(IDENTITY), new InetSocketAddress("127.0.0.1", 0))) {
      QuicStageResult result =
          new QuicStageTest(client, PLAN, line -> {})
              .run(stage.localAddress(), ControlClient.pinnedSslContext(IDENTITY.fingerprint()), stage.ticket());
      assertThat(result.sweep()).extracting(SizeSample::sizeBytes).containsExactly(64L, 65536L, 1L << 20);
      SizeSample small = result.sweep().get(0);
      SizeSample large = result.sweep().get(2);
      assertThat(small.iterations()).isEqualTo(100);
      assertThat(small.latencyP50Us()).isBetween(1.0, 50_000.0);
      // A 1 MiB round trip carries 16384 times the bytes of a 64 B one: it cannot be faster.
      assertThat(large.latencyP50Us()).isGreaterThan(small.latencyP50Us());
      // Loopback bandwidth: above 10 MB/s, below what memory could copy (100 GB/s).
      assertThat(large.bandwidthBytesPerSec()).isBetween(10e6, 100e9);
      assertThat(result.settings()).containsEntry("max_udp_payload_size", "16383").containsEntry("gso_segments", "3")
          .containsEntry("jit_tiers", "c1+c2");
    }
  }

  @Test
  void aWrongTicketGetsNoService() throws Exception {
    try (QuicStageServer stage =
        QuicStageServer.start(server, ControlServer.sslContext(IDENTITY), new InetSocketAddress("127.0.0.1", 0))) {
      byte[] wrong = new byte[StageStreamHeader.TICKET_BYTES];
      assertThatThrownBy(
              () -> new QuicStageTest(client, PLAN, line -> {})
                  .run(stage.localAddress(), ControlClient.pinnedSslContext(IDENTITY.fingerprint()), wrong))
          .isInstanceOf(IOException.class);
    }
  }

  @Test
  void anEchoThatFlipsAByteIsCaught() throws Exception {
    Channel liar = liar(FlippingEcho::new);
    try {
      assertThatThrownBy(() -> new QuicStageTest(client, PLAN, line -> {})
              .run((InetSocketAddress) liar.localAddress(), ControlClient.pinnedSslContext(IDENTITY.fingerprint()),
                  new byte[StageStreamHeader.TICKET_BYTES]))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("differs");
    } finally {
      liar.close().sync();
    }
  }

  @Test
  void aSinkThatMiscountsIsCaught() throws Exception {
    Channel liar = liar(MiscountingSink::new);
    try {
      assertThatThrownBy(() -> new QuicStageTest(client, PLAN, line -> {})
              .run((InetSocketAddress) liar.localAddress(), ControlClient.pinnedSslContext(IDENTITY.fingerprint()),
                  new byte[StageStreamHeader.TICKET_BYTES]))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("CRC-32C differs");
    } finally {
      liar.close().sync();
    }
  }

  /** Echoes honestly for the header's sake but flips the last bit of every data read. */
  private static final class FlippingEcho extends ChannelInboundHandlerAdapter {
    private int headerLeft = StageStreamHeader.BYTES;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ByteBuf in = (ByteBuf) msg;
      int skip = Math.min(headerLeft, in.readableBytes());
      in.skipBytes(skip);
      headerLeft -= skip;
      if (!in.isReadable()) {
        in.release();
        return;
      }
      int last = in.writerIndex() - 1;
      in.setByte(last, in.getByte(last) ^ 0x01);
      ctx.writeAndFlush(in);
    }
  }

  /** Echoes honestly, but as a sink reports the right byte count with a wrong CRC. */
  private static final class MiscountingSink extends ChannelInboundHandlerAdapter {
    private long seen;
    private long expected = -1;
    private boolean echo;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ByteBuf in = (ByteBuf) msg;
      if (expected < 0 && !echo) {
        StageStreamHeader header = StageStreamHeader.readFrom(in); // the tests send it in one piece
        echo = header.mode() == StageStreamHeader.Mode.ECHO;
        expected = header.totalBytes();
      }
      if (echo) {
        ctx.writeAndFlush(in);
        return;
      }
      seen += in.readableBytes();
      in.release();
      if (seen >= expected) {
        ctx.writeAndFlush(ctx.alloc().buffer().writeLong(seen).writeInt(12345));
      }
    }
  }

  private static Channel liar(java.util.function.Supplier<ChannelInboundHandlerAdapter> streamHandler)
      throws InterruptedException {
    return server.bindServer(
        new InetSocketAddress("127.0.0.1", 0),
        ControlServer.sslContext(IDENTITY),
        new ChannelInboundHandlerAdapter() {
          @Override
          public boolean isSharable() {
            return true;
          }
        },
        new ChannelInitializer<QuicStreamChannel>() {
          @Override
          protected void initChannel(QuicStreamChannel stream) {
            stream.pipeline().addLast(streamHandler.get());
          }
        });
  }
}
