package dev.fabricplanner.probe.quic;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.handler.codec.quic.EpollQuicUtils;
import io.netty.handler.codec.quic.QuicChannelOption;
import io.netty.handler.codec.quic.QuicClientCodecBuilder;
import io.netty.handler.codec.quic.QuicCodecBuilder;
import io.netty.handler.codec.quic.QuicServerCodecBuilder;
import io.netty.handler.codec.quic.QuicSslContext;
import io.netty.handler.codec.quic.InsecureQuicTokenHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicChannelBootstrap;
import io.netty.util.concurrent.Future;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Opens UDP sockets that speak QUIC with one set of {@link QuicTransportSettings}: the event loops
 * (epoll where it loads, else NIO), the socket options and the quiche codec. The control plane and the
 * measured stage transport both come through here, so they run with the same, reported, settings.
 */
public final class QuicTransport implements AutoCloseable {
  private final QuicTransportSettings settings;
  private final EventLoopGroup group;
  private final boolean epoll;

  public QuicTransport(QuicTransportSettings settings, int threads) {
    this.settings = settings;
    this.epoll = settings.preferEpoll() && Epoll.isAvailable();
    this.group =
        new MultiThreadIoEventLoopGroup(
            threads,
            new DefaultThreadFactory("probe-quic", true),
            epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
  }

  public QuicTransportSettings settings() {
    return settings;
  }

  /** {@code epoll} or {@code nio}: which Netty transport carries the datagrams. */
  public String ioTransport() {
    return epoll ? "epoll" : "nio";
  }

  /** The settings as reported beside results. */
  public Map<String, String> describe() {
    return settings.describe(ioTransport(), segmentedSend());
  }

  /** Binds a QUIC server; {@code streamHandler} initialises each stream a client opens. */
  public Channel bindServer(
      InetSocketAddress address,
      QuicSslContext ssl,
      ChannelHandler connectionHandler,
      ChannelHandler streamHandler)
      throws InterruptedException {
    QuicServerCodecBuilder codec =
        configure(new QuicServerCodecBuilder().sslContext(ssl))
            .tokenHandler(InsecureQuicTokenHandler.INSTANCE)
            .handler(connectionHandler)
            .streamHandler(streamHandler);
    if (segmentedSend()) {
      codec.option(
          QuicChannelOption.SEGMENTED_DATAGRAM_PACKET_ALLOCATOR,
          EpollQuicUtils.newSegmentedAllocator(settings.gsoSegments()));
    }
    return datagramBootstrap().handler(codec.build()).bind(address).sync().channel();
  }

  /** Binds the local UDP socket a client's QUIC connections leave from. */
  public Channel bindClient(InetSocketAddress local, QuicSslContext ssl) throws InterruptedException {
    ChannelHandler codec = configure(new QuicClientCodecBuilder().sslContext(ssl)).build();
    return datagramBootstrap().handler(codec).bind(local).sync().channel();
  }

  /**
   * Opens a QUIC connection to {@code remote} from a fresh local UDP socket (closed with the connection).
   *
   * @throws IOException with the reason when no handshake completes within {@code timeout}
   */
  public QuicChannel connect(
      InetSocketAddress remote, QuicSslContext ssl, ChannelHandler connectionHandler, Duration timeout)
      throws IOException {
    Channel socket;
    try {
      InetSocketAddress local =
          new InetSocketAddress(remote.getAddress().isLoopbackAddress() ? remote.getAddress() : null, 0);
      socket = bindClient(local, ssl);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while opening a UDP socket");
    }
    QuicChannelBootstrap bootstrap =
        QuicChannel.newBootstrap(socket).handler(connectionHandler).remoteAddress(remote);
    if (segmentedSend()) {
      bootstrap.option(
          QuicChannelOption.SEGMENTED_DATAGRAM_PACKET_ALLOCATOR,
          EpollQuicUtils.newSegmentedAllocator(settings.gsoSegments()));
    }
    Future<QuicChannel> connect = bootstrap.connect();
    if (!connect.awaitUninterruptibly(timeout.toMillis())) {
      socket.close();
      throw new IOException("no QUIC handshake with " + remote + " within " + timeout.toMillis() + " ms");
    }
    if (!connect.isSuccess()) {
      socket.close();
      Throwable cause = connect.cause();
      throw new IOException(
          "QUIC handshake with " + remote + " failed: " + cause.getClass().getSimpleName()
              + (cause.getMessage() == null ? "" : ": " + cause.getMessage()),
          cause);
    }
    QuicChannel connection = connect.getNow();
    connection.closeFuture().addListener(closed -> socket.close());
    return connection;
  }

  /** Whether connections should be given the GSO packet allocator (epoll, on a kernel with UDP GSO). */
  public boolean segmentedSend() {
    return epoll && settings.segmentedSend() && io.netty.channel.epoll.SegmentedDatagramPacket.isSupported();
  }

  private <B extends QuicCodecBuilder<B>> B configure(B builder) {
    return builder
        .congestionControlAlgorithm(settings.congestionControl())
        .initialMaxData(settings.initialMaxData())
        .initialMaxStreamDataBidirectionalLocal(settings.initialMaxStreamData())
        .initialMaxStreamDataBidirectionalRemote(settings.initialMaxStreamData())
        .initialMaxStreamsBidirectional(settings.maxStreams())
        .initialMaxStreamsUnidirectional(0)
        .maxSendUdpPayloadSize(settings.maxUdpPayloadBytes())
        .maxRecvUdpPayloadSize(settings.maxUdpPayloadBytes())
        .maxIdleTimeout(settings.idleTimeoutMillis(), TimeUnit.MILLISECONDS)
        .activeMigration(false);
  }

  private Bootstrap datagramBootstrap() {
    // Netty reads datagrams into 2 KiB buffers by default, which would truncate large QUIC packets; a
    // GRO read can carry a whole GSO send (up to 64 KiB) in one buffer.
    int readBuffer = segmentedSend() ? 65_536 : settings.maxUdpPayloadBytes() + 64;
    Bootstrap bootstrap =
        new Bootstrap()
            .group(group)
            .channel(epoll ? EpollDatagramChannel.class : NioDatagramChannel.class)
            .option(ChannelOption.SO_SNDBUF, settings.socketBufferBytes())
            .option(ChannelOption.SO_RCVBUF, settings.socketBufferBytes())
            .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(readBuffer));
    if (segmentedSend()) {
      // The receiving half of GSO: the kernel hands over a peer's whole GSO send in one read, Netty
      // splits it into its packets, and quiche acknowledges them together.
      bootstrap.option(EpollChannelOption.UDP_GRO, true);
    }
    return bootstrap;
  }

  @Override
  public void close() {
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
