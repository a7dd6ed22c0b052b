package dev.fabricplanner.probe.fabric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** FI_EP_MSG endpoints over the real tcp provider on loopback: listen, connect, accept, payloads. */
class MsgConnectionTest {
  private static final double GENEROUS_LATENCY_MICROS = 1_000_000;
  private static final Duration SHORT = Duration.ofMillis(1500);

  private final Libfabric library = FabricTestSupport.library();
  private final ProviderQuery tcpMsg = FabricTestSupport.loopback("tcp", EndpointType.MSG);

  @Test
  void pingPongStreamingBatchesAndRmaPassOverAConnection() {
    TestPlan plan = TestPlan.quick();
    ProviderResult result = new LoopbackRun(library, plan).run(tcpMsg);

    assertThat(result.status()).as(result.reason()).isEqualTo(ProviderResult.Status.PASSED);
    assertThat(result.provider().provider()).isEqualTo("tcp");
    assertThat(result.provider().endpointType()).isEqualTo(EndpointType.MSG);
    assertThat(result.latency()).extracting(LatencyPoint::bytes).isEqualTo(plan.sizes());
    assertThat(result.bandwidth()).extracting(ThroughputPoint::bytes).isEqualTo(plan.sizes());
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
    }
    List<ThroughputPoint> streamed = Stream.of(result.bandwidth(), result.batches(),
        result.rmaWrite()).flatMap(List::stream).toList();
    for (ThroughputPoint point : streamed) {
      assertThat(point.verification().verified()).isTrue();
      assertThat(point.verification().stampChecks()).isPositive();
      assertThat(point.verification().contentChecks()).isPositive();
      assertThat(point.gigabytesPerSecond()).isGreaterThan(0).isLessThan(1000);
    }
    assertThat(result.batches()).extracting(ThroughputPoint::window)
        .containsExactlyElementsOf(plan.batchSizes());
    // tcp's MSG endpoints do RMA in the provider's own protocol, over the same socket.
    assertThat(result.rmaWrite()).extracting(ThroughputPoint::bytes)
        .containsExactlyElementsOf(plan.sizes());
    assertThat(result.notes()).contains("RMA write is emulated on tcp");
  }

  @Test
  void bothEndsOfAConnectionAreConnectedAndHaveNoAddressVector() throws Exception {
    try (PassiveEndpoint listener = PassiveEndpoint.listen(library, tcpMsg, false)) {
      byte[] name = listener.name();
      assertThat(name).hasSize(16); // struct sockaddr_in
      assertThat(NativeOps.describeName(name)).startsWith("127.0.0.1:").doesNotEndWith(":0");
      CompletableFuture<FabricEndpoint> accepted =
          CompletableFuture.supplyAsync(() -> acceptOrNull(listener));
      try (FabricEndpoint initiator =
              FabricEndpoint.connect(library, tcpMsg, name, false, SHORT);
          FabricEndpoint responder = accepted.get(5, TimeUnit.SECONDS)) {
        assertThat(responder).isNotNull();
        assertThat(initiator.isConnected()).isTrue();
        assertThat(responder.isConnected()).isTrue();
        assertThat(initiator.connectedPeer()).isEqualTo(-1L); // FI_ADDR_UNSPEC
        assertThat(responder.provider().endpointType()).isEqualTo(EndpointType.MSG);
        assertThatThrownBy(() -> initiator.insertPeer(name))
            .isInstanceOf(IllegalStateException.class).hasMessageContaining("connectedPeer");
      }
    }
  }

  private static FabricEndpoint acceptOrNull(PassiveEndpoint listener) {
    try {
      return listener.accept(SHORT);
    } catch (FabricException e) {
      return null;
    }
  }

  @Test
  void connectingToAListenerThatIsGoneFailsWithAReasonWithinTheDeadline() throws Exception {
    byte[] gone;
    try (PassiveEndpoint listener = PassiveEndpoint.listen(library, tcpMsg, false)) {
      gone = listener.name();
    }
    long start = System.nanoTime();
    assertThatThrownBy(() -> FabricEndpoint.connect(library, tcpMsg, gone, false, SHORT))
        .isInstanceOf(FabricException.class)
        .hasMessageContaining("fi_connect to " + NativeOps.describeName(gone))
        .hasMessageContaining("refused");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(SHORT.plusSeconds(1));
  }

  @Test
  void aRejectedConnectionFailsWithAReason() throws Exception {
    try (PassiveEndpoint listener = PassiveEndpoint.listen(library, tcpMsg, false)) {
      byte[] name = listener.name();
      CompletableFuture<Void> rejecting = CompletableFuture.runAsync(() -> {
        try {
          listener.reject(SHORT);
        } catch (FabricException e) {
          throw new IllegalStateException(e);
        }
      });
      assertThatThrownBy(() -> FabricEndpoint.connect(library, tcpMsg, name, false, SHORT))
          .isInstanceOf(FabricException.class)
          .hasMessageContaining("refused");
      rejecting.get(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void aListenerThatNeverAcceptsTimesTheConnectOut() throws Exception {
    try (PassiveEndpoint listener = PassiveEndpoint.listen(library, tcpMsg, false)) {
      Duration budget = Duration.ofMillis(400);
      long start = System.nanoTime();
      assertThatThrownBy(() ->
          FabricEndpoint.connect(library, tcpMsg, listener.name(), false, budget))
          .isInstanceOf(FabricException.class)
          .hasMessageContaining("no FI_CONNECTED event within 400 ms");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    }
  }

  @Test
  void listeningAndConnectingInALoopLeaksNoDescriptors() throws Exception {
    for (int i = 0; i < 3; i++) {
      connectOnce();
    }
    long descriptorsBefore = openDescriptors();
    for (int i = 0; i < 45; i++) { // 90 connected endpoints and 45 listeners
      connectOnce();
    }
    assertThat(openDescriptors()).isLessThanOrEqualTo(descriptorsBefore + 2);
  }

  private void connectOnce() throws Exception {
    try (PassiveEndpoint listener = PassiveEndpoint.listen(library, tcpMsg, true)) {
      CompletableFuture<FabricEndpoint> accepted =
          CompletableFuture.supplyAsync(() -> acceptOrNull(listener));
      try (FabricEndpoint initiator =
              FabricEndpoint.connect(library, tcpMsg, listener.name(), true, SHORT);
          FabricEndpoint responder = accepted.get(5, TimeUnit.SECONDS)) {
        initiator.registerBuffer(4096, false);
        responder.registerBuffer(4096, true);
      }
    }
  }

  private static long openDescriptors() throws IOException {
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      return fds.count();
    }
  }

  @Test
  void shmAndUdpHaveNoMsgEndpointsAndAreSkippedWithAReason() {
    ProviderResult shm = new LoopbackRun(library, TestPlan.quick())
        .run(ProviderQuery.of("shm", EndpointType.MSG));
    assertThat(shm.status()).isEqualTo(ProviderResult.Status.SKIPPED);
    assertThat(shm.reason()).startsWith("shm: offers no msg endpoints here, only rdm");
    ProviderResult udp = new LoopbackRun(library, TestPlan.quick())
        .run(FabricTestSupport.loopback("udp", EndpointType.MSG));
    assertThat(udp.status()).isEqualTo(ProviderResult.Status.SKIPPED);
    assertThat(udp.reason()).startsWith("udp: offers no msg endpoints here, only ").contains("dgram");
  }

  @Test
  void msgEndpointsAreConnectedNotOpened() {
    assertThatThrownBy(() -> FabricEndpoint.open(library, tcpMsg, false))
        .isInstanceOf(FabricException.class)
        .hasMessageContaining("msg endpoints are connected, not opened");
  }
}
