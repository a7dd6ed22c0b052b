package dev.fabricplanner.probe.fabric;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Real payload runs over libfabric's providers on loopback, both roles in this process. */
class LoopbackPayloadTest {
  private static final double GENEROUS_LATENCY_MICROS = 1_000_000;

  private final Libfabric library = FabricTestSupport.library();

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({"tcp, RDM", "shm, RDM", "udp, DGRAM", "sockets, DGRAM"})
  void providerPassesWithVerifiedPayloadsAndSaneFigures(String provider, EndpointType type) {
    TestPlan plan = TestPlan.quick();
    ProviderResult result =
        new LoopbackRun(library, plan).run(FabricTestSupport.loopback(provider, type));

    assertThat(result.status()).as(result.reason()).isEqualTo(ProviderResult.Status.PASSED);
    assertThat(result.provider().coreProvider()).isEqualTo(provider);
    long maxBytes = result.provider().maxMessageBytes();
    List<Integer> expectedSizes = plan.sizes().stream().filter(s -> s <= maxBytes).toList();
    assertThat(result.latency()).extracting(LatencyPoint::bytes).isEqualTo(expectedSizes);
    assertThat(result.bandwidth()).extracting(ThroughputPoint::bytes).isEqualTo(expectedSizes);
    for (LatencyPoint point : result.latency()) {
      assertThat(point.verification().verified()).isTrue();
      // Every ping is checked by the responder and every pong by the initiator.
      assertThat(point.verification().contentChecks())
          .isEqualTo(2L * (point.warmup() + point.iterations()));
      assertThat(point.iterations()).isEqualTo(plan.latencyIterationsFor(point.bytes()));
      assertThat(point.warmup()).isGreaterThanOrEqualTo(plan.latencyWarmup());
      assertThat(point.minMicros()).isGreaterThan(0);
      assertThat(point.p50Micros()).isBetween(point.minMicros(), GENEROUS_LATENCY_MICROS);
      assertThat(point.p99Micros()).isGreaterThanOrEqualTo(point.p50Micros());
      assertThat(point.pingPongMegabytesPerSecond()).isGreaterThan(0);
    }
    for (ThroughputPoint point : concat(result.bandwidth(), result.batches(), result.rmaWrite())) {
      assertThat(point.verification().verified()).isTrue();
      assertThat(point.verification().stampChecks()).isPositive();
      assertThat(point.verification().contentChecks()).isPositive();
      assertThat(point.gigabytesPerSecond()).isGreaterThan(0).isLessThan(1000);
      assertThat(point.medianRoundGigabytesPerSecond()).isGreaterThan(0).isLessThan(1000);
    }
    assertThat(result.batches()).extracting(ThroughputPoint::window)
        .containsExactlyElementsOf(plan.batchSizes());
  }

  @Test
  void udpSweepStopsAtTheProvidersMaximumMessageAndSaysWhy() {
    ProviderResult udp = new LoopbackRun(library, TestPlan.quick())
        .run(FabricTestSupport.loopback("udp", EndpointType.DGRAM));
    assertThat(udp.latency()).extracting(LatencyPoint::bytes).containsExactly(64);
    assertThat(udp.batches()).allSatisfy(point -> assertThat(point.bytes()).isEqualTo(1472));
    assertThat(udp.notes()).anySatisfy(note -> assertThat(note).contains("max_msg_size"));
    assertThat(udp.notes()).anySatisfy(note -> assertThat(note).contains("RMA write not run"));
  }

  @Test
  void rmaWriteRunsAndIsVerifiedWhereTheProviderOffersIt() {
    ProviderResult tcp = new LoopbackRun(library, TestPlan.quick())
        .run(FabricTestSupport.loopback("tcp", EndpointType.RDM));
    assertThat(tcp.status()).as(tcp.reason()).isEqualTo(ProviderResult.Status.PASSED);
    assertThat(tcp.rmaWrite()).extracting(ThroughputPoint::bytes)
        .containsExactlyElementsOf(TestPlan.quick().sizes());
    assertThat(tcp.notes()).contains("RMA write is emulated on tcp;ofi_rxm");
  }

  @Test
  void aByteFlippedAtTheResponderFailsTheRun() {
    ProviderResult result = new LoopbackRun(library, TestPlan.quick(),
        PayloadTamper.flipMiddleByte()).run(ProviderQuery.of("shm", EndpointType.RDM));
    assertThat(result.status()).isEqualTo(ProviderResult.Status.FAILED);
    assertThat(result.reason())
        .startsWith("ping-pong 64 B payload not verified: pings (checked by the responder): ")
        .contains("content mismatches").doesNotContain("pongs");
    assertThat(result.latency()).allSatisfy(point ->
        assertThat(point.verification().status()).isEqualTo(Verification.Status.FAILED));
  }

  @Test
  void aMissingProviderIsSkippedWithItsReason() {
    String absent = FiInfo.anRdmaProviderNotBuiltIn();
    ProviderResult missing = new LoopbackRun(library, TestPlan.quick())
        .run(ProviderQuery.of(absent, EndpointType.RDM));
    assertThat(missing.status()).isEqualTo(ProviderResult.Status.SKIPPED);
    assertThat(missing.reason()).startsWith(absent + ": not built into libfabric");
    assertThat(missing.latency()).isEmpty();
  }

  @SafeVarargs
  private static <T> List<T> concat(List<T>... lists) {
    return java.util.Arrays.stream(lists).flatMap(List::stream).toList();
  }
}
