package dev.fabricplanner.probe.quic;

import dev.fabricplanner.core.record.SizeSample;
import io.netty.handler.codec.quic.QuicCongestionControlAlgorithm;
import io.netty.handler.codec.quic.QuicSslContext;
import io.netty.handler.codec.quic.QuicSslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * Compares QUIC stage-transport settings on loopback and prints one line per setting and size. Run with
 * {@code java -cp cli/target/fabric-planner.jar dev.fabricplanner.probe.quic.QuicStageBenchmark [quick|bulk [SETTING]]}:
 * {@code bulk} keeps the ping-pong to a minimum (to profile bulk runs); SETTING, an index into the list
 * below, runs one setting only (3: the default).
 * The certificate here is the benchmark's own; the probe itself always pins (see probe.control).
 */
public final class QuicStageBenchmark {
  private QuicStageBenchmark() {}

  public static void main(String[] args) throws Exception {
    String mode = args.length > 0 ? args[0] : "full";
    List<Integer> sizes = List.of(64, 4096, 65536, 1 << 20, 4 << 20);
    java.time.Duration step = java.time.Duration.ofSeconds(60);
    java.time.Duration settle = StageSweepPlan.full().jitSettleCap();
    StageSweepPlan plan = switch (mode) {
      case "quick" -> new StageSweepPlan(sizes, 50, 500, 64L << 20, 3, step, settle);
      // Bulk runs with next to no ping-pong between them, for profiling where bulk time goes.
      case "bulk" -> new StageSweepPlan(sizes, 2, 20, 64L << 20, 3, step, settle);
      default -> StageSweepPlan.full();
    };
    QuicTransportSettings loopback = QuicTransportSettings.forLoopback();
    List<String[]> variants = new ArrayList<>();
    List<QuicTransportSettings> settings = new ArrayList<>();
    settings.add(QuicTransportSettings.forNetwork().withBulk(1, 1).withEpoll(false).withSegmentedSend(false));
    settings.add(QuicTransportSettings.forNetwork().withBulk(1, 1));
    settings.add(QuicTransportSettings.forNetwork().withBulk(1, 1).withSegmentedSend(false));
    settings.add(loopback.withBulk(1, 1));
    settings.add(loopback.withBulk(1, 1).withCongestionControl(QuicCongestionControlAlgorithm.BBR));
    settings.add(loopback.withBulk(4, 1));
    settings.add(loopback.withBulk(4, 2));
    // 7: one datagram per system call, as before GSO was sized to the kernel's limit.
    settings.add(loopback.withBulk(1, 1).withSegmentedSend(false));
    // 8: packets 7 bytes short of quiche's cap, so that four fit one GSO send instead of three.
    settings.add(loopback.withBulk(1, 1).withMaxUdpPayloadBytes(16_376));
    if (args.length > 1) {
      settings = settings.subList(Integer.parseInt(args[1]), Integer.parseInt(args[1]) + 1);
    }
    var identity = dev.fabricplanner.probe.control.ProbeIdentity.generate();
    for (QuicTransportSettings setting : settings) {
      try (QuicTransport serverSide = new QuicTransport(setting, 1);
          QuicTransport clientSide = new QuicTransport(setting, Math.max(1, setting.bulkConnections()));
          QuicStageServer server =
              QuicStageServer.start(
                  serverSide,
                  QuicSslContextBuilder.forServer(identity.privateKey(), null, identity.certificate())
                      .applicationProtocols(dev.fabricplanner.probe.control.ControlServer.ALPN)
                      .build(),
                  new InetSocketAddress("127.0.0.1", 0))) {
        QuicSslContext ssl =
            QuicSslContextBuilder.forClient()
                .trustManager(InsecureTrustManagerFactory.INSTANCE)
                .applicationProtocols(dev.fabricplanner.probe.control.ControlServer.ALPN)
                .build();
        QuicStageResult result =
            new QuicStageTest(clientSide, plan, line -> System.out.println("  " + line)).run(server.localAddress(), ssl, server.ticket());
        System.out.println("settings " + result.settings());
        for (SizeSample sample : result.sweep()) {
          System.out.printf(
              "  %8d B  p50 %9.1f us  p99 %9.1f us  %8.3f Gbit/s  noise %5.1f%%%n",
              sample.sizeBytes(), sample.latencyP50Us(), sample.latencyP99Us(),
              sample.bandwidthBytesPerSec() * 8 / 1e9, sample.noisePct());
        }
      }
    }
  }
}
