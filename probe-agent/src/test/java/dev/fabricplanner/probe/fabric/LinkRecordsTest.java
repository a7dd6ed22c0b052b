package dev.fabricplanner.probe.fabric;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fabricplanner.core.record.CapabilityRecord;
import dev.fabricplanner.core.record.CapabilityRecordReader;
import dev.fabricplanner.core.record.CapabilityRecordWriter;
import dev.fabricplanner.core.record.Endpoint;
import dev.fabricplanner.core.record.Fabric;
import dev.fabricplanner.core.record.FabricStatus;
import dev.fabricplanner.core.record.HostIdentity;
import dev.fabricplanner.core.record.LinkMeasurement;
import dev.fabricplanner.core.record.SizeSample;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class LinkRecordsTest {
  private static final Instant WHEN = Instant.parse("2026-11-25T12:00:00Z");
  private final Libfabric library = FabricTestSupport.library();

  @Test
  void aMeasuredTcpLinkReadsBackThroughPlannerCore() throws Exception {
    ProviderResult tcp = new LoopbackRun(library, TestPlan.quick())
        .run(FabricTestSupport.loopback("tcp", EndpointType.RDM));
    Endpoint self = Endpoint.hostMemory("host-a");
    LinkMeasurement link = LinkRecords.measurement(tcp, self, self, null, WHEN);
    Fabric fabric = LinkRecords.fabric(tcp);
    CapabilityRecord record = new CapabilityRecord(
        new HostIdentity("host-a", "host-a", "test", WHEN), List.of(), List.of(),
        List.of(fabric), List.of(link));

    String json = new CapabilityRecordWriter().toJson(record);
    CapabilityRecord read = new CapabilityRecordReader().parse(json, "test.json");

    LinkMeasurement back = read.links().get(0);
    assertThat(back.status()).isEqualTo(FabricStatus.OK);
    assertThat(back.provider()).isEqualTo("tcp;ofi_rxm");
    assertThat(back.fabricName()).isEqualTo("127.0.0.1/32");
    assertThat(back.payloadVerified()).isTrue();
    assertThat(back.warmupIterations()).isEqualTo(TestPlan.quick().latencyWarmup());
    assertThat(back.facts().rma()).isEqualTo(dev.fabricplanner.core.record.RmaSupport.EMULATED);
    assertThat(back.sweep()).extracting(SizeSample::sizeBytes).containsExactly(64L, 4096L, 65536L);
    SizeSample first = back.sweep().get(0);
    assertThat(first.latencyP50Us()).isEqualTo(tcp.latency().get(0).p50Micros());
    assertThat(first.bandwidthBytesPerSec())
        .isEqualTo(tcp.bandwidth().get(0).medianRoundGigabytesPerSecond() * 1e9);
    assertThat(read.fabrics().get(0).id()).isEqualTo("tcp;ofi_rxm/lo-rdm");
  }

  @Test
  void aFailedRunBecomesAFailedMeasurementThatKeepsItsReason() {
    FabricProvider shm = new ProviderDiscovery(library)
        .lookup(ProviderQuery.of("shm", EndpointType.RDM)).best();
    ProviderResult failed = new ProviderResult(shm, ProviderResult.Status.FAILED,
        "ping-pong 64 B payload not verified: 0 stamp and 60 content mismatches", List.of(),
        List.of(), List.of(), List.of(), List.of());
    Endpoint self = Endpoint.hostMemory("host-a");
    LinkMeasurement link = LinkRecords.measurement(failed, self, self, null, WHEN);
    assertThat(link.status()).isEqualTo(FabricStatus.FAILED);
    assertThat(link.reason()).contains("payload not verified");
    assertThat(link.sweep()).isEmpty();
    assertThat(LinkRecords.fabric(failed).status()).isEqualTo(FabricStatus.FAILED);
  }

  @Test
  void aMissingProviderBecomesASkippedFabricWithItsReason() {
    String absent = FiInfo.anRdmaProviderNotBuiltIn();
    ProviderLookup missing = new ProviderDiscovery(library)
        .lookup(ProviderQuery.of(absent, EndpointType.RDM));
    Fabric fabric = LinkRecords.skipped(missing.query(), missing.skipReason());
    assertThat(fabric.status()).isEqualTo(FabricStatus.SKIPPED);
    assertThat(fabric.reason()).startsWith(absent + ": not built into libfabric");
    assertThat(fabric.provider()).isEqualTo(absent);
  }
}
