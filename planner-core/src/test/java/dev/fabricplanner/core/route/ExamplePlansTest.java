package dev.fabricplanner.core.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.fabricplanner.core.pipeline.PipelineReader;
import dev.fabricplanner.core.plan.Candidate;
import dev.fabricplanner.core.plan.PlannerSettings;
import dev.fabricplanner.core.plan.ReasonCode;
import dev.fabricplanner.core.plan.Transport;
import dev.fabricplanner.core.record.CapabilityRecord;
import dev.fabricplanner.core.record.CapabilityRecordReader;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The example records and pipelines show every decision; these tests pin each one down. */
class ExamplePlansTest {
  static final Path EXAMPLES = Path.of("..", "examples");
  static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
  static List<CapabilityRecord> records;
  static Map<String, PlannedHop> survey;

  @BeforeAll
  static void readExamples() throws Exception {
    records = new CapabilityRecordReader().readAll(EXAMPLES.resolve("records"));
    survey = new PipelinePlanner().survey(records, PlannerSettings.defaults(NOW)).hops().stream()
        .collect(Collectors.toMap(PlannedHop::label, Function.identity()));
  }

  private static RoutePlan plan(String pipeline) throws Exception {
    return new PipelinePlanner().plan(records,
        new PipelineReader().read(EXAMPLES.resolve("pipelines").resolve(pipeline)), NOW);
  }

  private static Candidate alternative(PlannedHop hop, String label) {
    return hop.decision().alternatives().stream()
        .filter(c -> c.transport().label().equals(label)).findFirst().orElseThrow();
  }

  @Test
  void everyExampleRecordIsRead() {
    assertThat(records).extracting(r -> r.host().id()).containsExactly(
        "cxi-gh200-a", "cxi-gh200-b", "cxi-gh200-c", "efa-p5-a", "efa-p5-b", "efa-p5x8-a",
        "efa-p5x8-b", "nvl8-h100",
        "tcp-l40s-a", "tcp-l40s-b", "wan-edge-a", "wan-edge-b");
  }

  @Test
  void nvlinkHostUsesNvlinkAtTheMeasuredRate() throws Exception {
    RoutePlan plan = plan("llama70b-nvlink-4stage.json");
    assertThat(plan.chosen()).extracting(Candidate::transport)
        .containsOnly(Transport.nvlink());
    // 20 layers x 81,920 B x 1,366 tokens = 111,902,720 B of KV per hop, between the 64 MiB and
    // 256 MiB samples, whose one-copy times follow 2 us + bytes / 355 GB/s (to the record's three
    // decimals); between samples the time is the line through them, so the same formula.
    double kvUs = plan.chosen().get(0).estimate().kvTransferUs();
    assertThat(kvUs).isCloseTo(2 + 111_902_720 / 355e9 * 1e6, within(1e-3));
    // Three stage hops and the sampled token's way back from stage 3 to stage 0, also over NVLink.
    Candidate back = plan.returnHop().decision().chosen();
    assertThat(back.transport()).isEqualTo(Transport.nvlink());
    assertThat(plan.perTokenUs()).isCloseTo(3 * plan.chosen().get(0).estimate().tokenUs()
        + back.estimate().tokenUs(), within(1e-9));
    assertThat(plan.warnings()).containsExactly("planning on example records (provenance example,"
        + " written by hand, not measured): nvl8-h100; run probe-agent on your hosts for a plan of"
        + " your fleet");
  }

  @Test
  void twoEfaHostsStripeAcrossFourNicsBetweenHostsAndUseNvlinkInside() throws Exception {
    RoutePlan plan = plan("llama70b-efa-2host.json");
    assertThat(plan.chosen()).extracting(c -> c.transport().name())
        .containsExactly("nvlink", "libfabric:efa", "nvlink");
    Candidate efa = plan.chosen().get(1);
    assertThat(efa.reasons()).containsExactly(ReasonCode.STRIPED, ReasonCode.FASTEST);
    assertThat(efa.estimate().stripes()).isEqualTo(4);
    // Four NICs of at most 12.2 GB/s each: the KV transfer runs at 4x one NIC's rate at a quarter of
    // the bytes, about fabric-lib's 400 Gbit/s per GPU.
    double aggregate = 111_902_720 / ((efa.estimate().kvTransferUs() - 16) / 1e6);
    assertThat(aggregate * 8 / 1e9).isBetween(380.0, 4 * 12.2 * 8);
    // The NVLink hops inside the EFA hosts borrow the 8-GPU host's measurement (same GPU, 18 links).
    assertThat(plan.chosen().get(0).reasons())
        .containsExactly(ReasonCode.REPRESENTATIVE_MEASUREMENT, ReasonCode.FASTEST);
  }

  @Test
  void wanPairHasOnlyQuicAndNothingMeetsTheCap() throws Exception {
    RoutePlan plan = plan("llama8b-wan-capped.json");
    Candidate quic = plan.chosen().get(0);
    assertThat(quic.transport()).isEqualTo(Transport.quic("internet"));
    assertThat(quic.reasons()).contains(ReasonCode.EXCEEDS_LATENCY_CAP, ReasonCode.FASTEST_OVER_CAP);
    assertThat(quic.estimate().tokenUs()).isGreaterThan(40_000);
    // wan-edge-b's record is a month older than a's, but both are examples: no age to go stale.
    assertThat(plan.hops().get(0).decision().outcome().notes()).isEmpty();
    assertThat(plan.warnings()).hasSize(3);
    assertThat(plan.warnings().get(0)).startsWith("planning on example records");
    assertThat(plan.warnings()).noneSatisfy(w -> assertThat(w).contains("stale"));
    assertThat(plan.warnings().get(2)).startsWith("stage 1 -> 0 (sampled token): no transport meets");
    // A token's latency across the WAN is the round trip: activations out, the sampled token back.
    Candidate back = plan.returnHop().decision().chosen();
    assertThat(back.transport()).isEqualTo(Transport.quic("internet"));
    assertThat(back.estimate().tokenUs()).isGreaterThan(40_000);
    assertThat(plan.perTokenUs()).isCloseTo(quic.estimate().tokenUs() + back.estimate().tokenUs(),
        within(1e-9));
  }

  @Test
  void tcpOnlyPairUsesTcpAndSaysWhyVerbsWasSkipped() {
    PlannedHop hop = survey.get("tcp-l40s-a -> tcp-l40s-b");
    assertThat(hop.decision().chosen().transport().label()).isEqualTo("libfabric:tcp(rdm@10.1.0.0/24)");
    assertThat(alternative(hop, "libfabric:verbs(rdm@none)").reasons())
        .containsExactly(ReasonCode.PROBE_SKIPPED);
    assertThat(alternative(hop, "quic(dc1-lan)").reasons()).containsExactly(ReasonCode.EXTRAPOLATED,
        ReasonCode.SLOWER);
  }

  @Test
  void failedCxiProbeFallsBackToTcpAndTheHealthyPairUsesCxi() {
    PlannedHop failed = survey.get("cxi-gh200-a -> cxi-gh200-b");
    assertThat(failed.decision().chosen().transport().name()).isEqualTo("libfabric:tcp");
    assertThat(alternative(failed, "libfabric:cxi(rdm@cxi)").reasons())
        .containsExactly(ReasonCode.PROBE_FAILED);
    PlannedHop healthy = survey.get("cxi-gh200-a -> cxi-gh200-c");
    assertThat(healthy.decision().chosen().transport().name()).isEqualTo("libfabric:cxi");
    assertThat(healthy.decision().fallbackChain()).extracting(Transport::name)
        .containsExactly("libfabric:cxi", "libfabric:tcp", "quic");
  }

  @Test
  void placementPutsStagesOnGpusWithRoomAndChainsTheCheapestHops() throws Exception {
    RoutePlan plan = plan("llama70b-placed.json");
    assertThat(plan.stages()).extracting(s -> s.gpu().host())
        .containsExactly("cxi-gh200-a", "cxi-gh200-c", "cxi-gh200-b", "efa-p5-a");
    assertThat(plan.stages()).allSatisfy(s ->
        assertThat(s.vramNeededBytes()).isLessThanOrEqualTo((long) (s.vramBytes() * 0.9)));
    assertThat(plan.chosen()).extracting(c -> c.transport().name())
        .containsExactly("libfabric:cxi", "libfabric:tcp", "quic");
  }

  @Test
  void planJsonIsTheSameBytesForTheSameInput() throws Exception {
    RoutePlanWriter writer = new RoutePlanWriter();
    String first = writer.toJson(plan("llama70b-efa-2host.json"));
    assertThat(writer.toJson(plan("llama70b-efa-2host.json"))).isEqualTo(first);
    var hop = dev.fabricplanner.core.json.JsonDocuments.mapper().readTree(first).get("hops").get(1);
    assertThat(hop.get("chosen").get("transport").asText()).isEqualTo("libfabric:efa");
    assertThat(hop.get("chosen").get("estimate").get("stripes").asInt()).isEqualTo(4);
    assertThat(hop.get("fallback_chain").toString())
        .isEqualTo("[\"libfabric:efa(rdm@efa)\",\"quic(dc1-lan)\"]");
  }
}
