package dev.fabricplanner.probe.quic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.SegmentedDatagramPacket;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The packet and GSO sizes the QUIC transport derives, checked against quiche's cap and the kernel. */
class QuicTransportSettingsTest {

  @Test
  void packetsAreCappedAtQuichesLimitAndGsoSendsCarryOnlyWholeOnes() {
    QuicTransportSettings loopback = QuicTransportSettings.forLoopback();
    QuicTransportSettings network = QuicTransportSettings.forNetwork();
    assertThat(loopback.packetBytes()).isEqualTo(16_383);
    assertThat(network.packetBytes()).isEqualTo(1_350);
    // 3 x 16,383 = 49,149 fits one send of at most 65,507 bytes; a fourth would not.
    assertThat(loopback.withMaxUdpPayloadBytes(65_000).gsoSegments()).isEqualTo(3);
    assertThat(loopback.withMaxUdpPayloadBytes(16_376).gsoSegments()).isEqualTo(4);
    // 48 x 1,350 = 64,800.
    assertThat(network.gsoSegments()).isEqualTo(48);
    // Small packets stop at the kernel's segment cap, not the byte limit.
    assertThat(network.withMaxUdpPayloadBytes(1_200).gsoSegments()).isEqualTo(54);
    assertThat(loopback.describe("epoll", true))
        .containsEntry("packet_bytes", Integer.toString(loopback.packetBytes()))
        .containsEntry("gso_segments", Integer.toString(loopback.gsoSegments()))
        .containsEntry("udp_gso", "true");
  }

  /**
   * The kernel takes a GSO send of as many packets as {@link QuicTransportSettings#gsoSegments()}
   * says, refuses one more (Netty's default of 16 packets per send lost them all), and a receiver
   * with UDP GRO gets every packet back whole.
   */
  @Test
  void theKernelTakesTheGsoSendWeSizeAndRefusesALargerOne() throws Exception {
    assumeTrue(Epoll.isAvailable() && SegmentedDatagramPacket.isSupported(), "UDP GSO needs epoll on Linux");
    QuicTransportSettings settings = QuicTransportSettings.forLoopback();
    int packet = settings.packetBytes();
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
    LinkedBlockingQueue<Integer> received = new LinkedBlockingQueue<>();
    try {
      Channel receiver =
          new Bootstrap()
              .group(group)
              .channel(EpollDatagramChannel.class)
              .option(io.netty.channel.epoll.EpollChannelOption.UDP_GRO, true)
              .option(io.netty.channel.ChannelOption.RCVBUF_ALLOCATOR,
                  new io.netty.channel.FixedRecvByteBufAllocator(65_536))
              .handler(
                  new SimpleChannelInboundHandler<DatagramPacket>() {
                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket datagram) {
                      received.add(datagram.content().readableBytes());
                    }
                  })
              .bind(new InetSocketAddress("127.0.0.1", 0))
              .sync()
              .channel();
      Channel sender =
          new Bootstrap()
              .group(group)
              .channel(EpollDatagramChannel.class)
              .handler(new io.netty.channel.ChannelInboundHandlerAdapter())
              .bind(new InetSocketAddress("127.0.0.1", 0))
              .sync()
              .channel();
      InetSocketAddress to = (InetSocketAddress) receiver.localAddress();

      ChannelFuture fits = sender.writeAndFlush(segmented(packet, settings.gsoSegments(), to)).await();
      assertThat(fits.isSuccess()).as("a send of %d packets", settings.gsoSegments()).isTrue();
      for (int i = 0; i < settings.gsoSegments(); i++) {
        assertThat(received.poll(5, TimeUnit.SECONDS)).isEqualTo(packet);
      }

      ChannelFuture tooMany = sender.writeAndFlush(segmented(packet, settings.gsoSegments() + 1, to)).await();
      assertThat(tooMany.isSuccess()).as("a send of one packet more").isFalse();
      assertThat(received.poll(200, TimeUnit.MILLISECONDS)).isNull();
      sender.close().sync();
      receiver.close().sync();
    } finally {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
  }

  private static SegmentedDatagramPacket segmented(int packet, int count, InetSocketAddress to) {
    ByteBuf content = Unpooled.directBuffer(packet * count);
    content.writeZero(packet * count);
    return new SegmentedDatagramPacket(content, packet, to);
  }
}
