package dev.fabricplanner.core.plan;

import static dev.fabricplanner.core.plan.ReasonCode.DIFFERENT_HOST;
import static dev.fabricplanner.core.plan.ReasonCode.EXCEEDS_LATENCY_CAP;
import static dev.fabricplanner.core.plan.ReasonCode.EXTRAPOLATED;
import static dev.fabricplanner.core.plan.ReasonCode.FASTEST;
import static dev.fabricplanner.core.plan.ReasonCode.FASTEST_OVER_CAP;
import static dev.fabricplanner.core.plan.ReasonCode.NOT_ON_BOTH_ENDS;
import static dev.fabricplanner.core.plan.ReasonCode.NOT_PEER_ACCESSIBLE;
import static dev.fabricplanner.core.plan.ReasonCode.NO_MEASUREMENT;
import static dev.fabricplanner.core.plan.ReasonCode.PROBE_FAILED;
import static dev.fabricplanner.core.plan.ReasonCode.QUIC_FALLBACK;
import static dev.fabricplanner.core.plan.ReasonCode.REPRESENTATIVE_MEASUREMENT;
import static dev.fabricplanner.core.plan.ReasonCode.SLOWER;
import static dev.fabricplanner.core.plan.ReasonCode.STALE_RECORD;
import static dev.fabricplanner.core.plan.ReasonCode.STRIPED;
import static dev.fabricplanner.core.plan.ReasonCode.TIE_PREFERENCE;
import static dev.fabricplanner.core.plan.TestHosts.NOW;
import static dev.fabricplanner.core.plan.TestHosts.curve;
import static dev.fabricplanner.core.plan.TestHosts.failed;
import static dev.fabricplanner.core.plan.TestHosts.failedLink;
import static dev.fabricplanner.core.plan.TestHosts.gpu;
import static dev.fabricplanner.core.plan.TestHosts.host;
import static dev.fabricplanner.core.plan.TestHosts.lf;
import static dev.fabricplanner.core.plan.TestHosts.link;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.fabricplanner.core.record.Backend;
import dev.fabricplanner.core.record.CapabilityRecord;
import dev.fabricplanner.core.record.Endpoint;
import dev.fabricplanner.core.record.Fabric;
import dev.fabricplanner.core.record.Gpu;
import dev.fabricplanner.core.record.GpuPath;
import dev.fabricplanner.core.record.HostIdentity;
import dev.fabricplanner.core.record.LinkFacts;
import dev.fabricplanner.core.record.LinkMeasurement;
import dev.fabricplanner.core.record.PathClass;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Each planning rule on hand-sized records. Traffic: 10,000 B per token, a 1,000,000 B KV transfer,
 * 100 tokens and 1 KV transfer per request. With {@code curve(10, 1e10)} a token takes
 * 10 + 10,000 / 1e10 s = 11 us, a KV transfer 10 + 1e6 / 1e10 s = 110 us, a request 1,210 us.
 */
class TransportPlannerTest {
  static final HopTraffic TRAFFIC = new HopTraffic(10_000, 1_000_000, 100, 1);
  static final String LAN = "10.0.0.0/24";

  /**
   * What host staging adds to a request between two H100s (PCIe Gen5, 64 GB/s one way, 6 us a copy):
   * per token 2 x (6 + 10,000 / 64e9 s) = 12.3125 us, x 100 tokens; per KV transfer
   * 2 x (6 + 1e6 / 64e9 s) = 43.25 us.
   */
  static final double STAGED_US = 100 * 12.3125 + 43.25;

  private static HopDecision plan(PlannerSettings settings, Endpoint src, Endpoint dst,
      HopTraffic traffic, CapabilityRecord... records) {
    return new TransportPlanner(new Fleet(List.of(records)), settings).planHop(src, dst, traffic);
  }

  private static HopDecision plan(Endpoint src, Endpoint dst, CapabilityRecord... records) {
    return plan(PlannerSettings.defaults(NOW), src, dst, TRAFFIC, records);
  }

  private static Map<String, Candidate> byLabel(HopDecision d) {
    return d.alternatives().stream()
        .collect(Collectors.toMap(c -> c.transport().label(), Function.identity()));
  }

  private static List<String> chain(HopDecision d) {
    return d.fallbackChain().stream().map(Transport::label).toList();
  }

  @Test
  void nvlinkBetweenPeerGpusOfOneHostBeatsSharedMemory() {
    CapabilityRecord n = host("n", 2, true)
        .fabric(lf("shm", "shm", "shm"))
        .link(link(gpu("n", 0), gpu("n", 1), Backend.CUDA, "cuda_ipc", "nvlink", curve(2, 1e11)))
        .link(link(Endpoint.hostMemory("n"), Endpoint.hostMemory("n"), Backend.LIBFABRIC, "shm",
            "shm", curve(10, 1e10)))
        .build();
    HopDecision d = plan(gpu("n", 0), gpu("n", 1), n);
    assertThat(d.chosen().transport()).isEqualTo(Transport.nvlink());
    assertThat(d.chosen().reasons()).containsExactly(FASTEST);
    // 2 + 1e4 / 1e11 s = 2.1 us; 2 + 1e6 / 1e11 s = 12 us; 100 x 2.1 + 12 = 222 us.
    assertThat(d.chosen().estimate().tokenUs()).isCloseTo(2.1, within(1e-9));
    assertThat(d.chosen().estimate().kvTransferUs()).isCloseTo(12, within(1e-9));
    assertThat(d.chosen().estimate().perRequestUs()).isCloseTo(222, within(1e-9));
    assertThat(d.chosen().estimate().basis()).isEqualTo(Estimate.MeasurementBasis.EXACT);
    Candidate shm = byLabel(d).get("libfabric:shm(rdm@shm)");
    // shm was measured between host buffers: the GPU hop adds a copy at each end (see STAGED_US).
    assertThat(shm.reasons()).containsExactly(ReasonCode.HOST_STAGED, SLOWER);
    assertThat(shm.estimate().perRequestUs()).isCloseTo(1210 + STAGED_US, within(1e-9));
    assertThat(shm.estimate().basis()).isEqualTo(Estimate.MeasurementBasis.HOST_PAIR);
    assertThat(byLabel(d).get("quic").reasons()).containsExactly(NO_MEASUREMENT);
    assertThat(chain(d)).containsExactly("nvlink", "libfabric:shm(rdm@shm)", "quic");
  }

  @Test
  void gpusWithoutPeerAccessSkipNvlinkAndUseSharedMemory() {
    CapabilityRecord p = host("p", 2, false)
        .fabric(lf("shm", "shm", "shm"))
        .link(link(Endpoint.hostMemory("p"), Endpoint.hostMemory("p"), Backend.LIBFABRIC, "shm",
            "shm", curve(10, 1e10)))
        .build();
    HopDecision d = plan(gpu("p", 0), gpu("p", 1), p);
    assertThat(d.chosen().transport().label()).isEqualTo("libfabric:shm(rdm@shm)");
    assertThat(d.chosen().estimate().perRequestUs()).isCloseTo(1210 + STAGED_US, within(1e-9));
    Candidate nvlink = byLabel(d).get("nvlink");
    assertThat(nvlink.reasons()).containsExactly(NOT_PEER_ACCESSIBLE);
    assertThat(nvlink.estimate()).isNull();
    assertThat(nvlink.detail()).isEqualTo("peer_access false, path SYS");
  }

  static CapabilityRecord.Builder lanHost(String id, Fabric... extra) {
    CapabilityRecord.Builder b = host(id, 1, false).fabric(lf("tcp", LAN, "eth0"));
    for (Fabric f : extra) {
      b.fabric(f);
    }
    return b;
  }

  @Test
  void acrossHostsTheFasterSharedLibfabricProviderWins() {
    CapabilityRecord a = lanHost("a", lf("efa", "efa", "rdmap0"))
        .link(link(gpu("a", 0), gpu("b", 0), Backend.LIBFABRIC, "efa", "efa", curve(10, 1e10)))
        .link(link(gpu("a", 0), gpu("b", 0), Backend.LIBFABRIC, "tcp", LAN, curve(50, 1e9)))
        .build();
    CapabilityRecord b = lanHost("b", lf("efa", "efa", "rdmap0")).build();
    HopDecision d = plan(gpu("a", 0), gpu("b", 0), a, b);
    assertThat(d.chosen().transport().label()).isEqualTo("libfabric:efa(rdm@efa)");
    assertThat(d.chosen().estimate().tokenUs()).isCloseTo(11, within(1e-9));
    assertThat(d.chosen().estimate().kvTransferUs()).isCloseTo(110, within(1e-9));
    assertThat(d.chosen().estimate().perRequestUs()).isCloseTo(1210, within(1e-9));
    Candidate tcp = byLabel(d).get("libfabric:tcp(rdm@" + LAN + ")");
    // 50 + 1e4 / 1e9 s = 60 us; 50 + 1e6 / 1e9 s = 1,050 us; 6,000 + 1,050 = 7,050 us.
    assertThat(tcp.estimate().perRequestUs()).isCloseTo(7050, within(1e-9));
    assertThat(tcp.reasons()).containsExactly(SLOWER);
    assertThat(byLabel(d).get("nvlink").reasons()).containsExactly(DIFFERENT_HOST);
    assertThat(chain(d)).containsExactly("libfabric:efa(rdm@efa)", "libfabric:tcp(rdm@" + LAN + ")",
        "quic");
    // The reverse hop uses the same measurement (links are read as symmetric).
    HopDecision back = plan(gpu("b", 0), gpu("a", 0), a, b);
    assertThat(back.chosen().estimate().perRequestUs()).isCloseTo(1210, within(1e-9));
    assertThat(back.chosen().estimate().basis()).isEqualTo(Estimate.MeasurementBasis.EXACT);
  }

  @Test
  void equalEstimatesGoToTheKindAndNameFirstInPreferenceOrder() {
    CapabilityRecord a = lanHost("a", lf("verbs", "ib0", "mlx5_0"), lf("efa", "efa", "rdmap0"))
        .link(link(gpu("a", 0), gpu("b", 0), Backend.LIBFABRIC, "verbs", "ib0", curve(10, 1e10)))
        .link(link(gpu("a", 0), gpu("b", 0), Backend.LIBFABRIC, "efa", "efa", curve(10, 1e10)))
        .build();
    CapabilityRecord b = lanHost("b", lf("verbs", "ib0", "mlx5_0"), lf("efa", "efa", "rdmap0")).build();
    HopDecision d = plan(gpu("a", 0), gpu("b", 0), a, b);
    assertThat(d.chosen().transport().label()).isEqualTo("libfabric:efa(rdm@efa)");
    Candidate verbs = byLabel(d).get("libfabric:verbs(rdm@ib0)");
    assertThat(verbs.reasons()).containsExactly(TIE_PREFERENCE);
    assertThat(verbs.estimate().perRequestUs()).isEqualTo(d.chosen().estimate().perRequestUs());

    CapabilityRecord n = host("n", 2, true)
        .fabric(lf("shm", "shm", "shm"))
        .link(link(gpu("n", 0), gpu("n", 1), Backend.LIBFABRIC, "shm", "shm", curve(10, 1e10)))
        .link(link(gpu("n", 0), gpu("n", 1), Backend.CUDA, "cuda_ipc", "nvlink", curve(10, 1e10)))
        .build();
    HopDecision same = plan(gpu("n", 0), gpu("n", 1), n);
    assertThat(same.chosen().transport()).isEqualTo(Transport.nvlink());
    assertThat(byLabel(same).get("libfabric:shm(rdm@shm)").reasons()).containsExactly(TIE_PREFERENCE);
  }

  private static CapabilityRecord[] capPair() {
    // verbs: 11.5 + 1e4 / 1e11 s = 11.6 us per token, 21.5 us per KV, 1,181.5 us per request
    // (cheapest); efa: 11 us per token, 1,210 us per request.
    CapabilityRecord a = lanHost("a", lf("verbs", "ib0", "mlx5_0"), lf("efa", "efa", "rdmap0"))
        .link(link(gpu("a", 0), gpu("b", 0), Backend.LIBFABRIC, "verbs", "ib0",
            curve(11.5, 1e11)))
        .link(link(gpu("a", 0), gpu("b", 0), Backend.LIBFABRIC, "efa", "efa", curve(10, 1e10)))
        .build();
    CapabilityRecord b = lanHost("b", lf("verbs", "ib0", "mlx5_0"), lf("efa", "efa", "rdmap0")).build();
    return new CapabilityRecord[] {a, b};
  }

  @Test
  void latencyCapRulesOutTheCheapestWhenItsTokenTimeIsTooHigh() {
    HopDecision free = plan(gpu("a", 0), gpu("b", 0), capPair());
    assertThat(free.chosen().transport().label()).isEqualTo("libfabric:verbs(rdm@ib0)");
    assertThat(free.chosen().estimate().perRequestUs()).isCloseTo(1181.5, within(1e-9));

    PlannerSettings capped = PlannerSettings.defaults(NOW).withLatencyCapUs(11.5);
    HopDecision d = plan(capped, gpu("a", 0), gpu("b", 0), TRAFFIC, capPair());
    assertThat(d.chosen().transport().label()).isEqualTo("libfabric:efa(rdm@efa)");
    assertThat(d.chosen().estimate().tokenUs()).isCloseTo(11, within(1e-9));
    assertThat(d.outcome().meetsLatencyCap()).isTrue();
    Candidate verbs = byLabel(d).get("libfabric:verbs(rdm@ib0)");
    assertThat(verbs.reasons()).containsExactly(EXCEEDS_LATENCY_CAP);
    assertThat(verbs.estimate().tokenUs()).isCloseTo(11.6, within(1e-9));
    assertThat(chain(d)).containsExactly("libfabric:efa(rdm@efa)", "libfabric:verbs(rdm@ib0)", "quic");
  }

  @Test
  void whenEveryCandidateIsOverTheCapTheFastestIsChosenAndFlagged() {
    PlannerSettings capped = PlannerSettings.defaults(NOW).withLatencyCapUs(5.0);
    HopDecision d = plan(capped, gpu("a", 0), gpu("b", 0), TRAFFIC, capPair());
    assertThat(d.chosen().transport().label()).isEqualTo("libfabric:verbs(rdm@ib0)");
    assertThat(d.chosen().reasons()).containsExactly(EXCEEDS_LATENCY_CAP, FASTEST_OVER_CAP);
    assertThat(d.outcome().meetsLatencyCap()).isFalse();
    assertThat(byLabel(d).get("libfabric:efa(rdm@efa)").reasons()).containsExactly(EXCEEDS_LATENCY_CAP);
  }

  @Test
  void aFailedFabricProbeDisqualifiesItsTransport() {
    CapabilityRecord a = lanHost("a", lf("efa", "efa", "rdmap0"))
        .link(link(gpu("a", 0), gpu("b", 0), Backend.LIBFABRIC, "efa", "efa", curve(10, 1e10)))
        .link(link(gpu("a", 0), gpu("b", 0), Backend.LIBFABRIC, "tcp", LAN, curve(50, 1e9)))
        .build();
    CapabilityRecord b = lanHost("b", failed(lf("efa", "efa", "rdmap0"), "fi_domain: -13")).build();
    HopDecision d = plan(gpu("a", 0), gpu("b", 0), a, b);
    assertThat(d.chosen().transport().label()).isEqualTo("libfabric:tcp(rdm@" + LAN + ")");
    assertThat(d.chosen().estimate().perRequestUs()).isCloseTo(7050, within(1e-9));
    Candidate efa = byLabel(d).get("libfabric:efa(rdm@efa)");
    assertThat(efa.reasons()).containsExactly(PROBE_FAILED);
    assertThat(efa.estimate()).isNull();
    assertThat(efa.detail()).isEqualTo("probe failed at dst (rdmap0): fi_domain: -13");
    assertThat(chain(d)).containsExactly("libfabric:tcp(rdm@" + LAN + ")", "quic");
  }

  @Test
  void aFailedLinkMeasurementDisqualifiesItsTransportBetweenThoseHosts() {
    CapabilityRecord a = lanHost("a", lf("efa", "efa", "rdmap0"))
        .link(failedLink(gpu("a", 0), gpu("b", 0), Backend.LIBFABRIC, "efa", "efa",
            "payload checksum mismatch"))
        .link(link(gpu("a", 0), gpu("b", 0), Backend.LIBFABRIC, "tcp", LAN, curve(50, 1e9)))
        .build();
    CapabilityRecord b = lanHost("b", lf("efa", "efa", "rdmap0")).build();
    HopDecision d = plan(gpu("b", 0), gpu("a", 0), a, b);
    assertThat(d.chosen().transport().label()).isEqualTo("libfabric:tcp(rdm@" + LAN + ")");
    Candidate efa = byLabel(d).get("libfabric:efa(rdm@efa)");
    assertThat(efa.reasons()).containsExactly(PROBE_FAILED);
    assertThat(efa.detail()).isEqualTo("measurement dst -> src failed: payload checksum mismatch");
  }

  @Test
  void withoutAnyMeasurementQuicIsTheFallbackWithoutAnEstimate() {
    CapabilityRecord a = lanHost("a", lf("efa", "efa", "rdmap0")).build();
    CapabilityRecord b = lanHost("b", lf("efa", "efa", "rdmap0")).build();
    HopDecision d = plan(gpu("a", 0), gpu("b", 0), a, b);
    assertThat(d.chosen().transport().label()).isEqualTo("quic");
    assertThat(d.chosen().estimate()).isNull();
    assertThat(d.chosen().reasons()).containsExactly(NO_MEASUREMENT, QUIC_FALLBACK);
    assertThat(byLabel(d).get("libfabric:efa(rdm@efa)").reasons()).containsExactly(NO_MEASUREMENT);
    assertThat(chain(d)).containsExactly("quic");
  }

  @Test
  void aMeasurementBetweenOtherHostsOnTheSameFabricStandsInAndIsFlagged() {
    CapabilityRecord a = lanHost("a", lf("efa", "efa", "rdmap0"))
        .link(link(gpu("a", 0), gpu("b", 0), Backend.LIBFABRIC, "efa", "efa", curve(10, 1e10)))
        .build();
    CapabilityRecord b = lanHost("b", lf("efa", "efa", "rdmap0")).build();
    CapabilityRecord c = host("c", 1, false).fabric(lf("efa", "efa", "rdmap0")).build();
    HopDecision d = plan(gpu("b", 0), gpu("c", 0), a, b, c);
    assertThat(d.chosen().transport().label()).isEqualTo("libfabric:efa(rdm@efa)");
    assertThat(d.chosen().reasons()).containsExactly(REPRESENTATIVE_MEASUREMENT, FASTEST);
    assertThat(d.chosen().estimate().perRequestUs()).isCloseTo(1210, within(1e-9));
    assertThat(d.chosen().estimate().measurement()).isEqualTo("a/GPU-a-0 -> b/GPU-b-0");
    assertThat(byLabel(d).get("libfabric:tcp(rdm@" + LAN + ")").reasons())
        .containsExactly(NOT_ON_BOTH_ENDS);
  }

  @Test
  void staleRecordsAndMeasurementsAreFlaggedButStillUsed() {
    Instant old = NOW.minus(Duration.ofDays(30));
    CapabilityRecord a = host("a", 1, false, old).fabric(lf("efa", "efa", "rdmap0"))
        .link(LinkMeasurementFixtures.at(old,
            link(gpu("a", 0), gpu("b", 0), Backend.LIBFABRIC, "efa", "efa", curve(10, 1e10))))
        .build();
    CapabilityRecord b = host("b", 1, false).fabric(lf("efa", "efa", "rdmap0")).build();
    HopDecision d = plan(gpu("a", 0), gpu("b", 0), a, b);
    assertThat(d.outcome().notes()).containsExactly(STALE_RECORD);
    assertThat(d.chosen().reasons()).containsExactly(STALE_RECORD, FASTEST);
    assertThat(d.chosen().estimate().perRequestUs()).isCloseTo(1210, within(1e-9));

    PlannerSettings lenient = new PlannerSettings(null, Duration.ofDays(60), NOW, 65_536);
    HopDecision fresh = plan(lenient, gpu("a", 0), gpu("b", 0), TRAFFIC, a, b);
    assertThat(fresh.outcome().notes()).isEmpty();
    assertThat(fresh.chosen().reasons()).containsExactly(FASTEST);
  }

  @Test
  void largeTransfersAreStripedAcrossTheNicsBothEndsHave() {
    CapabilityRecord a = host("a", 1, false)
        .fabric(lf("efa", "efa", "rdmap0")).fabric(lf("efa", "efa", "rdmap1"))
        .fabric(lf("efa", "efa", "rdmap2")).fabric(lf("efa", "efa", "rdmap3"))
        .link(link(gpu("a", 0), gpu("b", 0), Backend.LIBFABRIC, "efa", "efa", curve(10, 1e10)))
        .build();
    CapabilityRecord b = host("b", 1, false)
        .fabric(lf("efa", "efa", "rdmap0")).fabric(lf("efa", "efa", "rdmap1")).build();
    HopDecision d = plan(gpu("a", 0), gpu("b", 0), a, b);
    Estimate e = d.chosen().estimate();
    assertThat(e.stripes()).isEqualTo(2);
    assertThat(d.chosen().reasons()).containsExactly(STRIPED, FASTEST);
    assertThat(d.chosen().detail()).isEqualTo("striped across 2 NICs at >= 65536 B");
    // The token (10,000 B) is under the 64 KiB threshold: one NIC, 11 us. The KV transfer moves
    // 500,000 B on each NIC: 10 + 5e5 / 1e10 s = 60 us, against 110 us on one.
    assertThat(e.tokenUs()).isCloseTo(11, within(1e-9));
    assertThat(e.kvTransferUs()).isCloseTo(60, within(1e-9));
  }

  @Test
  void sizesOutsideTheSweepAreExtrapolatedAndFlagged() {
    CapabilityRecord a = host("a", 1, false).fabric(lf("efa", "efa", "rdmap0"))
        .link(link(gpu("a", 0), gpu("b", 0), Backend.LIBFABRIC, "efa", "efa", curve(10, 1e10)))
        .build();
    CapabilityRecord b = host("b", 1, false).fabric(lf("efa", "efa", "rdmap0")).build();
    HopTraffic bigKv = new HopTraffic(10_000, 10_000_000, 100, 1);
    HopDecision d = plan(PlannerSettings.defaults(NOW), gpu("a", 0), gpu("b", 0), bigKv, a, b);
    assertThat(d.chosen().reasons()).containsExactly(EXTRAPOLATED, FASTEST);
    // The 1,000,000 B sample's 110 us, then 9e6 B more at its 1e10 B/s.
    assertThat(d.chosen().estimate().kvTransferUs()).isCloseTo(110 + 900, within(1e-9));
  }

  @Test
  void tiesGoToTheQuieterMeasurementThenToProviderPreferenceNotTheAlphabet() {
    // "sockets" sorts before "tcp", but it is libfabric's deprecated development provider.
    CapabilityRecord a = lanHost("a", lf("sockets", LAN, "eth0"))
        .link(link(gpu("a", 0), gpu("b", 0), Backend.LIBFABRIC, "tcp", LAN, curve(10, 1e10)))
        .link(link(gpu("a", 0), gpu("b", 0), Backend.LIBFABRIC, "sockets", LAN, curve(10, 1e10)))
        .build();
    CapabilityRecord b = lanHost("b", lf("sockets", LAN, "eth0")).build();
    HopDecision d = plan(gpu("a", 0), gpu("b", 0), a, b);
    assertThat(d.chosen().transport().label()).isEqualTo("libfabric:tcp(rdm@" + LAN + ")");
    Candidate sockets = byLabel(d).get("libfabric:sockets(rdm@" + LAN + ")");
    assertThat(sockets.reasons()).containsExactly(TIE_PREFERENCE);
    assertThat(sockets.detail()).isEqualTo("equal estimate and noise; libfabric:tcp(rdm@" + LAN
        + ") is preferred");

    // The same figures, but tcp's rounds were noisy: the quieter sockets measurement wins the tie.
    List<dev.fabricplanner.core.record.SizeSample> noisy = curve(10, 1e10).stream()
        .map(x -> new dev.fabricplanner.core.record.SizeSample(x.sizeBytes(), x.latencyP50Us(),
            x.latencyP99Us(), x.bandwidthBytesPerSec(), 9.0, x.iterations()))
        .toList();
    CapabilityRecord c = lanHost("a", lf("sockets", LAN, "eth0"))
        .link(link(gpu("a", 0), gpu("b", 0), Backend.LIBFABRIC, "tcp", LAN, noisy))
        .link(link(gpu("a", 0), gpu("b", 0), Backend.LIBFABRIC, "sockets", LAN, curve(10, 1e10)))
        .build();
    HopDecision quiet = plan(gpu("a", 0), gpu("b", 0), c, b);
    assertThat(quiet.chosen().transport().label()).isEqualTo("libfabric:sockets(rdm@" + LAN + ")");
    assertThat(byLabel(quiet).get("libfabric:tcp(rdm@" + LAN + ")").detail()).isEqualTo(
        "equal estimate; libfabric:sockets(rdm@" + LAN + ") measured quieter (noise 1.0 % vs 9.0 %)");
  }

  private static CapabilityRecord rdmaHost(String id, boolean gpuDirect) {
    LinkMeasurement.Builder link =
        LinkMeasurement.builder(gpu(id, 0), gpu("b", 0), Backend.LIBFABRIC, "verbs", "ib0")
            .measuredAt(TestHosts.MEASURED).warmupIterations(10).payloadVerified(true)
            .facts(new LinkFacts(PathClass.NET, null, gpuDirect, null,
                gpuDirect ? GpuPath.GPUDIRECT_RDMA : GpuPath.HOST_STAGED_RDMA));
    curve(10, 1e10).forEach(link::sample);
    return lanHost(id, lf("verbs", "ib0", "mlx5_0")).link(link.build()).build();
  }

  @Test
  void aHostStagedPathCostsItsStagingCopiesAndSaysSo() {
    CapabilityRecord b = lanHost("b", lf("verbs", "ib0", "mlx5_0")).build();
    HopDecision direct = plan(gpu("a", 0), gpu("b", 0), rdmaHost("a", true), b);
    HopDecision staged = plan(gpu("a", 0), gpu("b", 0), rdmaHost("a", false), b);
    assertThat(direct.chosen().estimate().perRequestUs()).isCloseTo(1210, within(1e-9));
    assertThat(direct.chosen().reasons()).containsExactly(FASTEST);
    assertThat(staged.chosen().transport().label()).isEqualTo("libfabric:verbs(rdm@ib0)");
    assertThat(staged.chosen().estimate().perRequestUs()).isCloseTo(1210 + STAGED_US, within(1e-9));
    assertThat(staged.chosen().reasons()).containsExactly(ReasonCode.HOST_STAGED, FASTEST);
    assertThat(staged.chosen().detail()).isEqualTo("host-staged (gpu_path host_staged_rdma):"
        + " device-to-host copy at src over PCIe Gen5 x16, host-to-device copy at dst over PCIe Gen5"
        + " x16, +12.313 us per token");
  }

  @Test
  void anEndWithoutAGpuNeedsNoCopyThere() {
    CapabilityRecord b = lanHost("b", lf("verbs", "ib0", "mlx5_0")).build();
    HopDecision d = plan(gpu("a", 0), Endpoint.hostMemory("b"), rdmaHost("a", false), b);
    assertThat(d.chosen().detail()).isEqualTo("host-staged (gpu_path host_staged_rdma):"
        + " device-to-host copy at src over PCIe Gen5 x16, +6.156 us per token");
  }

  @Test
  void overlappingPrivateSubnetsInTwoSitesAreNotOneNetwork() {
    // Site east measured tcp on 10.0.0.0/24 between its own hosts; site west has a 10.0.0.0/24 too.
    // Between e1 (east) and w1 (west) only QUIC over the internet was measured, at 25 ms.
    CapabilityRecord e1 = siteHost("e1", "east")
        .link(link(gpu("e1", 0), gpu("e2", 0), Backend.LIBFABRIC, "tcp", LAN, curve(50, 1e9)))
        .link(link(gpu("e1", 0), gpu("w1", 0), Backend.QUIC, "quic", "internet",
            curve(25_000, 1e8)))
        .build();
    CapabilityRecord e2 = siteHost("e2", "east").build();
    CapabilityRecord w1 = siteHost("w1", "west").build();
    HopDecision d = plan(gpu("e1", 0), gpu("w1", 0), e1, e2, w1);
    assertThat(d.chosen().transport().label()).isEqualTo("quic(internet)");
    Candidate tcp = byLabel(d).get("libfabric:tcp(rdm@" + LAN + ")");
    assertThat(tcp.reasons()).containsExactly(ReasonCode.DIFFERENT_SITE);
    assertThat(tcp.detail()).isEqualTo("src in site \"east\", dst in site \"west\": \"" + LAN
        + "\" may be two private networks, and nothing measured this pair on it");
    // Inside one site the representative tcp measurement still stands in for unmeasured pairs.
    CapabilityRecord e3 = siteHost("e3", "east").build();
    HopDecision inside = plan(gpu("e2", 0), gpu("e3", 0), e1, e2, e3, w1);
    assertThat(inside.chosen().transport().label()).isEqualTo("libfabric:tcp(rdm@" + LAN + ")");
    assertThat(inside.chosen().reasons()).contains(REPRESENTATIVE_MEASUREMENT);
  }

  private static CapabilityRecord.Builder siteHost(String id, String site) {
    CapabilityRecord.Builder b = CapabilityRecord.builder(
        new HostIdentity(id, id, "test", TestHosts.MEASURED).withSite(site));
    b.gpu(new Gpu(TestHosts.gpuId(id, 0), 0, "NVIDIA H100 80GB HBM3", 85_520_809_984L, null, null));
    return b.fabric(lf("tcp", LAN, "eth0")).fabric(Fabric.quic("quic", "internet"));
  }

  @Test
  void failedNicsAreNamedWhenTheHopStripesOverTheRest() {
    CapabilityRecord a = lanHost("a", lf("cxi", "cxi", "cxi0"), lf("cxi", "cxi", "cxi1"))
        .link(link(gpu("a", 0), gpu("b", 0), Backend.LIBFABRIC, "cxi", "cxi", curve(10, 1e10)))
        .build();
    CapabilityRecord b = lanHost("b", lf("cxi", "cxi", "cxi0"), lf("cxi", "cxi", "cxi1"),
        failed(lf("cxi", "cxi", "cxi2"), "fi_domain: -13 (Permission denied)")).build();
    HopDecision d = plan(gpu("a", 0), gpu("b", 0), a, b);
    assertThat(d.chosen().reasons()).containsExactly(STRIPED, ReasonCode.NICS_FAILED, FASTEST);
    assertThat(d.chosen().detail()).isEqualTo("striped across 2 NICs at >= 65536 B; dst NICs cxi2"
        + " failed (fi_domain: -13 (Permission denied)), not striped over");
  }
}
