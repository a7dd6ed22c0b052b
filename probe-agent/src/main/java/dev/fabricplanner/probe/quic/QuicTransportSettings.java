package dev.fabricplanner.probe.quic;

import io.netty.handler.codec.quic.QuicCongestionControlAlgorithm;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every QUIC knob the probe sets on purpose. Netty's QUIC defaults (a few hundred KiB of flow-control
 * window, 1350-byte datagrams, 208 KiB socket buffers) hold a bulk stream well under 1 Gbit/s on
 * loopback, so the probe sets each one and reports what it used beside the figures.
 *
 * @param congestionControl quiche's controller (CUBIC, BBR or RENO)
 * @param initialMaxData connection-level flow-control window in bytes
 * @param initialMaxStreamData per-stream flow-control window in bytes (bidirectional, both ends)
 * @param maxStreams how many bidirectional streams the peer may open
 * @param maxUdpPayloadBytes largest QUIC packet sent and accepted (quiche sends at most 16,383 bytes)
 * @param socketBufferBytes SO_SNDBUF and SO_RCVBUF of the UDP socket
 * @param segmentedSend send with UDP GSO where the epoll transport offers it
 * @param preferEpoll use Netty's epoll transport when it loads, else NIO
 * @param bulkStreams streams one bulk transfer is striped over
 * @param bulkConnections connections (each with its own socket and event loop) bulk is striped over
 * @param idleTimeoutMillis a connection silent this long is closed
 */
public record QuicTransportSettings(
    QuicCongestionControlAlgorithm congestionControl,
    long initialMaxData,
    long initialMaxStreamData,
    int maxStreams,
    int maxUdpPayloadBytes,
    int socketBufferBytes,
    boolean segmentedSend,
    boolean preferEpoll,
    int bulkStreams,
    int bulkConnections,
    long idleTimeoutMillis) {

  private static final int MIB = 1 << 20;

  /**
   * quiche's largest packet once a connection is established, whatever both ends allow: it keeps a
   * packet's length encodable in a 2-byte varint (quiche's {@code max_send_udp_payload_size}).
   */
  public static final int QUICHE_MAX_PACKET_BYTES = 16_383;

  /** One GSO send is one UDP datagram before the kernel splits it: at most 65,535 − 20 − 8 bytes on IPv4. */
  private static final int GSO_MAX_BYTES = 65_507;

  /** The kernel's cap on segments in one GSO send (UDP_MAX_SEGMENTS on older kernels; newer allow 128). */
  private static final int GSO_MAX_SEGMENTS = 64;

  public QuicTransportSettings {
    if (initialMaxData < initialMaxStreamData) {
      throw new IllegalArgumentException("the connection window must hold at least one stream window");
    }
    if (maxUdpPayloadBytes < 1200 || maxUdpPayloadBytes > 65527) {
      throw new IllegalArgumentException("QUIC packets are 1200..65527 bytes, got " + maxUdpPayloadBytes);
    }
    if (bulkStreams < 1 || bulkConnections < 1) {
      throw new IllegalArgumentException("bulk needs at least one stream and one connection");
    }
  }

  /**
   * Settings for two hosts across a real network: datagrams that fit a 1500-byte MTU. Bulk uses one
   * stream on one connection: on the 2-core reference machine striping over 4 streams or 2 connections
   * measured slower (docs/PROBE.md); {@link #withBulk} changes it.
   */
  public static QuicTransportSettings forNetwork() {
    return new QuicTransportSettings(
        QuicCongestionControlAlgorithm.CUBIC, 64L * MIB, 16L * MIB, 1024, 1350, 4 * MIB, true, true, 1, 1,
        30_000);
  }

  /**
   * Settings for both peers on one host: loopback's 64 KiB MTU takes quiche's largest packets (16,383
   * bytes, 12x fewer than at 1,350), and GSO hands the kernel three of them per send.
   */
  public static QuicTransportSettings forLoopback() {
    return forNetwork().withMaxUdpPayloadBytes(QUICHE_MAX_PACKET_BYTES);
  }

  public QuicTransportSettings withSegmentedSend(boolean gso) {
    return new QuicTransportSettings(
        congestionControl, initialMaxData, initialMaxStreamData, maxStreams, maxUdpPayloadBytes,
        socketBufferBytes, gso, preferEpoll, bulkStreams, bulkConnections, idleTimeoutMillis);
  }

  public QuicTransportSettings withMaxUdpPayloadBytes(int bytes) {
    return new QuicTransportSettings(
        congestionControl, initialMaxData, initialMaxStreamData, maxStreams, bytes, socketBufferBytes,
        segmentedSend, preferEpoll, bulkStreams, bulkConnections, idleTimeoutMillis);
  }

  public QuicTransportSettings withCongestionControl(QuicCongestionControlAlgorithm algorithm) {
    return new QuicTransportSettings(
        algorithm, initialMaxData, initialMaxStreamData, maxStreams, maxUdpPayloadBytes, socketBufferBytes,
        segmentedSend, preferEpoll, bulkStreams, bulkConnections, idleTimeoutMillis);
  }

  public QuicTransportSettings withBulk(int streams, int connections) {
    return new QuicTransportSettings(
        congestionControl, initialMaxData, initialMaxStreamData, Math.max(maxStreams, streams + 2),
        maxUdpPayloadBytes, socketBufferBytes, segmentedSend, preferEpoll, streams, connections,
        idleTimeoutMillis);
  }

  public QuicTransportSettings withIdleTimeoutMillis(long millis) {
    return new QuicTransportSettings(
        congestionControl, initialMaxData, initialMaxStreamData, maxStreams, maxUdpPayloadBytes,
        socketBufferBytes, segmentedSend, preferEpoll, bulkStreams, bulkConnections, millis);
  }

  public QuicTransportSettings withEpoll(boolean prefer) {
    return new QuicTransportSettings(
        congestionControl, initialMaxData, initialMaxStreamData, maxStreams, maxUdpPayloadBytes,
        socketBufferBytes, segmentedSend, prefer, bulkStreams, bulkConnections, idleTimeoutMillis);
  }

  /** The largest packet quiche will send with these settings (the smaller of ours and its own cap). */
  public int packetBytes() {
    return Math.min(maxUdpPayloadBytes, QUICHE_MAX_PACKET_BYTES);
  }

  /**
   * Packets handed to the kernel in one GSO send: as many full packets as one send may carry. More are
   * refused by the kernel (EMSGSIZE), and every packet of the refused send is lost.
   */
  public int gsoSegments() {
    return Math.min(GSO_MAX_SEGMENTS, GSO_MAX_BYTES / packetBytes());
  }

  /**
   * The settings as reported in results and records (names as in quiche's transport parameters).
   *
   * @param gso whether sends really go by GSO (asked for, epoll, and a kernel that has it)
   */
  public Map<String, String> describe(String ioTransport, boolean gso) {
    Map<String, String> out = new LinkedHashMap<>();
    out.put("io_transport", ioTransport);
    out.put("congestion_control", congestionControl.name().toLowerCase(java.util.Locale.ROOT));
    out.put("initial_max_data", Long.toString(initialMaxData));
    out.put("initial_max_stream_data", Long.toString(initialMaxStreamData));
    out.put("max_udp_payload_size", Integer.toString(maxUdpPayloadBytes));
    out.put("socket_buffer_bytes", Integer.toString(socketBufferBytes));
    out.put("packet_bytes", Integer.toString(packetBytes()));
    out.put("udp_gso", Boolean.toString(gso));
    out.put("gso_segments", Integer.toString(gsoSegments()));
    out.put("bulk_streams", Integer.toString(bulkStreams));
    out.put("bulk_connections", Integer.toString(bulkConnections));
    return out;
  }
}
