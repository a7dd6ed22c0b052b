package dev.fabricplanner.probe.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fabricplanner.core.record.Backend;
import dev.fabricplanner.core.record.CapabilityRecord;
import dev.fabricplanner.core.record.CapabilityRecordReader;
import dev.fabricplanner.core.record.CapabilityRecordWriter;
import dev.fabricplanner.core.record.Fabric;
import dev.fabricplanner.core.record.FabricStatus;
import dev.fabricplanner.core.record.LinkMeasurement;
import dev.fabricplanner.core.record.SizeSample;
import dev.fabricplanner.probe.fabric.FiInfo;
import dev.fabricplanner.probe.quic.QuicTransport;
import dev.fabricplanner.probe.quic.QuicTransportSettings;
import dev.fabricplanner.probe.quic.StageSweepPlan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Both peers in this JVM over a real QUIC control connection, as {@code probe-agent run} does. */
class EmbeddedProbeTest {
  private static final SessionTimeouts TIMEOUTS = new SessionTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(20));
  private static final StageSweepPlan QUICK = StageSweepPlan.quick();
  /** A sweep long enough (seconds) that a kill 100 ms in lands mid-test, with a short give-up time. */
  private static final StageSweepPlan LONG =
      new StageSweepPlan(List.of(1 << 20, 4 << 20), 5, 200, 256L << 20, 5, Duration.ofSeconds(2), Duration.ZERO);

  private static QuicTransport control;
  private static QuicTransport stage;
  private static ScheduledExecutorService killer;

  @BeforeAll
  static void start() {
    control = new QuicTransport(QuicTransportSettings.forLoopback(), 1);
    stage = new QuicTransport(QuicTransportSettings.forLoopback(), 2);
    killer = Executors.newSingleThreadScheduledExecutor();
  }

  @AfterAll
  static void stop() {
    killer.shutdownNow();
    stage.close();
    control.close();
  }

  @Test
  void loopbackRunMeasuresQuicAndItsRecordReadsBack(@TempDir Path folder) throws Exception {
    ProbeBackend quic = new QuicProbeBackend(stage, QUICK, "loopback", line -> {});
    HostOffer offer = HostOffer.of("host-a", "host-a", List.of(quic), List.of());

    EmbeddedProbe.Result result =
        EmbeddedProbe.run(control, offer, List.of(quic), offer, List.of(quic), TIMEOUTS, line -> {});

    BackendOutcome outcome = result.initiator().outcomes().get(0);
    assertThat(outcome.status()).as(String.valueOf(outcome.reason())).isEqualTo(FabricStatus.OK);
    BackendMeasurement m = outcome.measurement();
    assertThat(m.payloadVerified()).isTrue();
    assertThat(m.sweep()).extracting(SizeSample::sizeBytes).containsExactly(64L, 4096L, 65536L, 1L << 20);
    for (SizeSample sample : m.sweep()) {
      assertThat(sample.latencyP50Us()).isBetween(1.0, 100_000.0);
      assertThat(sample.latencyP99Us()).isGreaterThanOrEqualTo(sample.latencyP50Us());
      // Loopback QUIC moves well over 10 MB/s at every size on any machine that runs this build.
      assertThat(sample.bandwidthBytesPerSec()).isGreaterThan(10e6);
    }
    // Bigger messages take longer to bounce: the sweep is a real measurement, not a constant.
    assertThat(m.sweep().get(3).latencyP50Us()).isGreaterThan(m.sweep().get(0).latencyP50Us());
    assertThat(m.settings()).containsEntry("initial_max_data", "67108864").containsKey("congestion_control");
    // The responder heard the same figures in TEST_RESULT.
    assertThat(result.responder().outcomes().get(0).measurement().sweep()).isEqualTo(m.sweep());

    CapabilityRecord record =
        CapabilityRecordAssembler.assemble(result.initiator(), "test", Instant.now(), List.of(), List.of(), List.of());
    Path file = folder.resolve("host-a.json");
    new CapabilityRecordWriter().write(record, file);
    CapabilityRecord back = new CapabilityRecordReader().read(file);
    assertThat(back.fabrics()).extracting(Fabric::backend).containsExactly(Backend.QUIC);
    LinkMeasurement link = back.links().get(0);
    assertThat(link.ok()).isTrue();
    assertThat(link.payloadVerified()).isTrue();
    assertThat(link.sweep()).hasSize(4);
    assertThat(link.src().host()).isEqualTo("host-a");
    // The QUIC settings the figures were made with travel in the record, as does who measured.
    assertThat(link.settings()).containsAllEntriesOf(m.settings())
        .containsEntry("measured_by", "this host (it drove the tests; streams ran from it to the peer)");
    LinkMeasurement served = CapabilityRecordAssembler.assemble(
        result.responder(), "test", Instant.now(), List.of(), List.of(), List.of()).links().get(0);
    assertThat(served.sweep()).isEqualTo(link.sweep());
    assertThat(served.settings()).containsEntry("measured_by",
        "the peer host-a (it drove the tests; streams ran from it to this host)");
  }

  @Test
  void loopbackRunOverLibfabricTcpAndShmAndQuicWritesOneRecordWithEveryOutcome(@TempDir Path folder) throws Exception {
    ProbeOptions options = ProbeOptions.parse("tcp,shm,rdma,quic", null, null, null, null, true).onLoopback();
    BackendCatalog.Selection selection = BackendCatalog.select(options, stage, "loopback", line -> {});
    HostOffer offer = HostOffer.of("host-a", "host-a", selection.backends(), List.of());

    EmbeddedProbe.Result result =
        EmbeddedProbe.run(control, offer, selection.backends(), offer, selection.backends(), TIMEOUTS, l -> {});

    // What the RDMA profile finds is what fi_info finds on this host (none here; verbs or efa on an RDMA host).
    List<String> rdmaHere = FiInfo.RDMA.stream().filter(FiInfo::offersRdm).toList();
    List<BackendOutcome> all = result.initiator().outcomes();
    List<BackendOutcome> rdma = all.stream().filter(o -> FiInfo.RDMA.contains(o.fabric().provider().split(";")[0])).toList();
    assertThat(rdma).extracting(o -> o.fabric().provider().split(";")[0]).containsExactlyElementsOf(rdmaHere);
    assertThat(rdma).allSatisfy(o -> assertThat(o.status()).isNotEqualTo(FabricStatus.SKIPPED));
    List<BackendOutcome> outcomes = all.stream().filter(o -> !rdma.contains(o)).toList();
    assertThat(outcomes).extracting(o -> o.fabric().provider()).containsExactly("tcp;ofi_rxm", "shm", "quic");
    assertThat(outcomes.get(0).fabric().fabricName()).isEqualTo("127.0.0.1/32"); // loopback only
    for (BackendOutcome outcome : outcomes) {
      assertThat(outcome.status()).as(outcome.key() + ": " + outcome.reason()).isEqualTo(FabricStatus.OK);
      assertThat(outcome.measurement().payloadVerified()).isTrue();
      for (SizeSample sample : outcome.measurement().sweep()) {
        assertThat(sample.latencyP50Us()).isPositive();
        assertThat(sample.bandwidthBytesPerSec()).isPositive();
      }
    }
    // The RDMA providers this host lacks are kept, skipped, each with libfabric's reason.
    List<String> lacking = FiInfo.RDMA.stream().filter(p -> !rdmaHere.contains(p)).toList();
    assertThat(selection.unavailable()).extracting(Fabric::provider).containsExactlyInAnyOrderElementsOf(lacking);
    assertThat(selection.unavailable()).allSatisfy(fabric -> {
      assertThat(fabric.status()).isEqualTo(FabricStatus.SKIPPED);
      assertThat(fabric.reason()).startsWith(fabric.provider() + ": ");
    });

    CapabilityRecord record = CapabilityRecordAssembler.assemble(
        result.initiator(), "test", Instant.now(), selection.unavailable(), List.of(), List.of());
    Path file = folder.resolve("host-a.json");
    new CapabilityRecordWriter().write(record, file);
    CapabilityRecord back = new CapabilityRecordReader().read(file);
    assertThat(back.links()).hasSize(all.size());
    assertThat(back.links()).filteredOn(l -> !FiInfo.RDMA.contains(l.provider().split(";")[0]))
        .hasSize(3).allSatisfy(link -> {
          assertThat(link.ok()).isTrue();
          assertThat(link.facts().gpuPath()).isEqualTo(dev.fabricplanner.core.record.GpuPath.HOST_MEMORY);
        });
    assertThat(back.fabrics()).filteredOn(f -> f.status() == FabricStatus.SKIPPED)
        .extracting(Fabric::provider).containsAll(lacking);
    // shm is shared memory; tcp on loopback has no NIC to name.
    assertThat(back.fabrics()).filteredOn(f -> f.provider().equals("shm")).singleElement()
        .satisfies(f -> assertThat(f.linkLayer()).isEqualTo(dev.fabricplanner.core.record.LinkLayer.SHARED_MEMORY));
    // The kernel's TCP congestion control moves tcp's figures, so its link says which one ran; shm's has none.
    String congestionControl = Files.readString(Path.of("/proc/sys/net/ipv4/tcp_congestion_control")).strip();
    assertThat(back.links()).filteredOn(l -> l.provider().equals("tcp;ofi_rxm")).singleElement()
        .satisfies(l -> assertThat(l.settings()).containsEntry("tcp_congestion_control", congestionControl));
    assertThat(back.links()).filteredOn(l -> l.provider().equals("shm")).singleElement()
        .satisfies(l -> assertThat(l.settings()).doesNotContainKey("tcp_congestion_control"));
  }

  @Test
  void msgEndpointTypeConnectsOverTcpAndSkipsShmWithAReason(@TempDir Path folder) throws Exception {
    ProbeOptions options = ProbeOptions.parse("tcp,shm", null, "msg", null, null, true).onLoopback();
    BackendCatalog.Selection selection = BackendCatalog.select(options, stage, "loopback", line -> {});
    assertThat(selection.backends()).extracting(ProbeBackend::key).containsExactly("libfabric/tcp/msg/127.0.0.1/32");
    HostOffer offer = HostOffer.of("host-a", "host-a", selection.backends(), List.of());

    EmbeddedProbe.Result result =
        EmbeddedProbe.run(control, offer, selection.backends(), offer, selection.backends(), TIMEOUTS, l -> {});

    BackendOutcome tcp = result.initiator().outcomes().get(0);
    assertThat(tcp.status()).as(String.valueOf(tcp.reason())).isEqualTo(FabricStatus.OK);
    assertThat(tcp.fabric().provider()).isEqualTo("tcp"); // plain tcp: no rxm layered on top
    assertThat(tcp.measurement().payloadVerified()).isTrue();
    assertThat(tcp.measurement().sweep()).extracting(SizeSample::sizeBytes).containsExactly(64L, 4096L, 65536L);
    assertThat(result.responder().outcomes().get(0).status()).isEqualTo(FabricStatus.OK);
    assertThat(selection.unavailable()).singleElement().satisfies(shm -> {
      assertThat(shm.status()).isEqualTo(FabricStatus.SKIPPED);
      assertThat(shm.reason()).startsWith("shm: offers no msg endpoints here, only rdm");
    });

    CapabilityRecord record = CapabilityRecordAssembler.assemble(
        result.initiator(), "test", Instant.now(), selection.unavailable(), List.of(), List.of());
    Path file = folder.resolve("host-a.json");
    new CapabilityRecordWriter().write(record, file);
    CapabilityRecord back = new CapabilityRecordReader().read(file);
    // MSG results stay apart from the RDM ones in the record: their own fabric id and endpoint type.
    assertThat(back.fabrics()).filteredOn(f -> f.status() == FabricStatus.OK).singleElement().satisfies(f -> {
      assertThat(f.endpointType()).isEqualTo(dev.fabricplanner.core.record.EndpointType.MSG);
      assertThat(f.id()).isEqualTo("tcp/lo-msg");
    });
    assertThat(back.links()).singleElement().satisfies(link -> {
      assertThat(link.ok()).isTrue();
      assertThat(link.settings()).containsEntry("endpoint_type", "msg").containsEntry("provider", "tcp");
    });
  }

  @Test
  void missingLibfabricSkipsEveryLibfabricProfileWithTheLoadersReasonAndQuicStillRuns() throws Exception {
    ProbeOptions options = ProbeOptions.parse("tcp,shm,quic", null, null, null, null, true);
    var absent = dev.fabricplanner.probe.fabric.Libfabric.load(Path.of("/nonexistent/libfabric.so.1"));
    BackendCatalog.Selection selection = BackendCatalog.select(options, absent, stage, "loopback", line -> {});

    assertThat(selection.backends()).extracting(ProbeBackend::key).containsExactly("quic/loopback");
    assertThat(selection.unavailable()).extracting(Fabric::provider).containsExactly("tcp", "shm");
    assertThat(selection.unavailable()).allSatisfy(f -> {
      assertThat(f.status()).isEqualTo(FabricStatus.SKIPPED);
      assertThat(f.reason()).isEqualTo(absent.skipReason());
    });
    assertThat(absent.skipReason()).contains("/nonexistent/libfabric.so.1");

    HostOffer offer = HostOffer.of("host-a", "host-a", selection.backends(), List.of());
    EmbeddedProbe.Result result =
        EmbeddedProbe.run(control, offer, selection.backends(), offer, selection.backends(), TIMEOUTS, l -> {});
    assertThat(result.initiator().outcomes()).singleElement().satisfies(o -> assertThat(o.status()).isEqualTo(FabricStatus.OK));
    CapabilityRecord record = CapabilityRecordAssembler.assemble(
        result.initiator(), "test", Instant.now(), selection.unavailable(), List.of(), List.of());
    assertThat(record.fabrics()).extracting(Fabric::status)
        .containsExactly(FabricStatus.OK, FabricStatus.SKIPPED, FabricStatus.SKIPPED);
  }

  @Test
  void stageListenerKilledMidTestFailsThatBackendAndTheNextStillRuns() throws Exception {
    ProbeBackend doomed = killedAfter(new QuicProbeBackend(stage, LONG, "doomed", line -> {}), false);
    ProbeBackend healthy = new QuicProbeBackend(stage, QUICK, "loopback", line -> {});
    HostOffer offer = HostOffer.of("host-a", "host-a", List.of(doomed, healthy), List.of());

    long start = System.nanoTime();
    EmbeddedProbe.Result result =
        EmbeddedProbe.run(control, offer, List.of(doomed, healthy), offer, List.of(doomed, healthy), TIMEOUTS, l -> {});
    double seconds = (System.nanoTime() - start) / 1e9;

    List<BackendOutcome> outcomes = result.initiator().outcomes();
    assertThat(outcomes.get(0).status()).isEqualTo(FabricStatus.FAILED);
    // Mid-sweep the peer stops answering; on a very busy machine the kill may even beat the handshake.
    assertThat(outcomes.get(0).reason()).containsAnyOf("no answer from the peer within 2 s", "no QUIC handshake");
    assertThat(outcomes.get(1).status()).as(String.valueOf(outcomes.get(1).reason())).isEqualTo(FabricStatus.OK);
    assertThat(seconds).isLessThan(30);

    CapabilityRecord record =
        CapabilityRecordAssembler.assemble(result.initiator(), "test", Instant.now(), List.of(), List.of(), List.of());
    assertThat(record.links()).extracting(LinkMeasurement::status).containsExactly(FabricStatus.FAILED, FabricStatus.OK);
    assertThat(record.links().get(0).reason()).isEqualTo(outcomes.get(0).reason());
  }

  @Test
  void peerKilledMidTestFailsWithAReasonAndTheRestAreReportedNotRun() throws Exception {
    ProbeBackend doomed = killedAfter(new QuicProbeBackend(stage, LONG, "doomed", line -> {}), true);
    ProbeBackend later = new QuicProbeBackend(stage, QUICK, "loopback", line -> {});
    HostOffer offer = HostOffer.of("host-a", "host-a", List.of(doomed, later), List.of());

    long start = System.nanoTime();
    EmbeddedProbe.Result result =
        EmbeddedProbe.run(control, offer, List.of(doomed, later), offer, List.of(doomed, later), TIMEOUTS, l -> {});
    double seconds = (System.nanoTime() - start) / 1e9;

    List<BackendOutcome> outcomes = result.initiator().outcomes();
    assertThat(outcomes).hasSize(2);
    assertThat(outcomes.get(0).status()).isEqualTo(FabricStatus.FAILED);
    assertThat(outcomes.get(0).reason()).containsAnyOf("no answer from the peer", "peer gone");
    assertThat(outcomes.get(1).status()).isEqualTo(FabricStatus.FAILED);
    assertThat(outcomes.get(1).reason()).startsWith("not run: peer gone");
    assertThat(seconds).isLessThan(30);
  }

  @Test
  void peerKilledMidLibfabricTestFailsThatProviderWithAReasonAndTheRestAreReportedNotRun() throws Exception {
    ProbeOptions options = ProbeOptions.parse("tcp", null, null, null, null, false).onLoopback();
    BackendCatalog.Selection selection = BackendCatalog.select(options, stage, "loopback", line -> {});
    // The standard plan runs for seconds: the kill lands inside it. Its endpoint is left to its own
    // thread (closing it under a running poll loop is not how a process dies), only the peer vanishes.
    ProbeBackend doomed = killedAfter(selection.backends().get(0), true, false);
    ProbeBackend later = new QuicProbeBackend(stage, QUICK, "loopback", line -> {});
    HostOffer offer = HostOffer.of("host-a", "host-a", List.of(doomed, later), List.of());

    long start = System.nanoTime();
    EmbeddedProbe.Result result =
        EmbeddedProbe.run(control, offer, List.of(doomed, later), offer, List.of(doomed, later), TIMEOUTS, l -> {});
    double seconds = (System.nanoTime() - start) / 1e9;

    List<BackendOutcome> outcomes = result.initiator().outcomes();
    assertThat(outcomes.get(0).status()).isEqualTo(FabricStatus.FAILED);
    // Killed inside the sweep: the next phase's barrier finds the peer gone, or, when the kill lands
    // inside a ping-pong, the missing reply times out first. Either way the reason says the peer went.
    assertThat(outcomes.get(0).reason()).satisfiesAnyOf(
        reason -> assertThat(reason).contains("peer did not reach phase").contains("peer gone"),
        reason -> assertThat(reason).contains("no completion within")
            .contains("the peer stopped or lost the message"));
    assertThat(outcomes.get(1).status()).isEqualTo(FabricStatus.FAILED);
    assertThat(outcomes.get(1).reason()).startsWith("not run: peer gone");
    assertThat(seconds).isLessThan(30);
  }

  private static ProbeBackend killedAfter(ProbeBackend real, boolean wholePeer) {
    return killedAfter(real, wholePeer, true);
  }

  /**
   * A real backend whose responder side dies 300 ms into the test: with {@code closeRole} its listener
   * or endpoint is closed abruptly, and with {@code wholePeer} the control connection is dropped without
   * a word.
   */
  private static ProbeBackend killedAfter(ProbeBackend real, boolean wholePeer, boolean closeRole) {
    return new ProbeBackend() {
      @Override
      public String key() {
        return real.key();
      }

      @Override
      public Fabric fabric() {
        return real.fabric();
      }

      @Override
      public BackendRole initiator(PeerContext peer) {
        return real.initiator(peer);
      }

      @Override
      public BackendRole responder(PeerContext peer) {
        BackendRole role = real.responder(peer);
        return new BackendRole() {
          @Override
          public ObjectNode open() throws BackendFailure {
            ObjectNode details = role.open();
            killer.schedule(
                () -> {
                  if (closeRole) {
                    role.close();
                  }
                  if (wholePeer) {
                    peer.control().abort();
                  }
                },
                300,
                TimeUnit.MILLISECONDS);
            return details;
          }

          @Override
          public Optional<BackendMeasurement> run(ObjectNode details, PhaseBarrier barrier) throws BackendFailure {
            return role.run(details, barrier);
          }

          @Override
          public void close() {
            role.close();
          }
        };
      }
    };
  }
}
