package dev.fabricplanner.probe.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fabricplanner.probe.control.ControlClient;
import dev.fabricplanner.probe.control.ControlException;
import dev.fabricplanner.probe.control.ControlMessage;
import dev.fabricplanner.probe.control.ControlServer;
import dev.fabricplanner.probe.control.ControlSession;
import dev.fabricplanner.probe.control.MessageType;
import dev.fabricplanner.probe.cuda.CopyKind;
import dev.fabricplanner.probe.cuda.CopySweep;
import dev.fabricplanner.probe.cuda.CopyTestResult;
import dev.fabricplanner.probe.cuda.CudaProbe;
import dev.fabricplanner.probe.cuda.IpcExchange;
import dev.fabricplanner.probe.quic.QuicTransport;
import dev.fabricplanner.probe.quic.QuicTransportSettings;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The CUDA IPC step of a serve/join session, with both ProbeSessions on a real QUIC control connection
 * on loopback and the real libcudart (which finds no GPU here): who asks, who skips, and with which
 * reason.
 */
class CudaIpcSessionTest {
  private static final SessionTimeouts TIMEOUTS = new SessionTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(20));
  private static final CopySweep SWEEP = CopySweep.of(List.of(64L, 4096L));
  private static QuicTransport transport;
  private ControlServer server;
  private ControlSession joined;
  private ControlSession served;

  @BeforeAll
  static void startTransport() {
    transport = new QuicTransport(QuicTransportSettings.forLoopback(), 1);
  }

  @AfterAll
  static void stopTransport() {
    transport.close();
  }

  @BeforeEach
  void connect() throws Exception {
    server = ControlServer.start(transport, new InetSocketAddress("127.0.0.1", 0), TIMEOUTS.message());
    joined = ControlClient.join(transport, server.invite("127.0.0.1"), TIMEOUTS.message());
    served = server.awaitPeer(TIMEOUTS.message());
  }

  @AfterEach
  void disconnect() {
    joined.close();
    served.close();
    server.close();
  }

  private static HostOffer thisHost(String id) {
    return HostOffer.of(id, LocalHost.hostname(), List.of(), List.of()).withCudaIpc(true);
  }

  /** Runs the serving side in the background and the joining side here; returns both IPC tests. */
  private List<CudaIpcTest> session(HostOffer joining, HostOffer serving) throws Exception {
    CudaIpcTest importer = new CudaIpcTest(SWEEP);
    CudaIpcTest exporter = new CudaIpcTest(SWEEP);
    CompletableFuture<SessionReport> responded =
        CompletableFuture.supplyAsync(
            () -> new ProbeSession(served, serving, List.of(), TIMEOUTS, line -> {}, exporter).respond());
    new ProbeSession(joined, joining, List.of(), TIMEOUTS, line -> {}, importer).initiate();
    responded.get(TIMEOUTS.test().toSeconds(), TimeUnit.SECONDS);
    return List.of(importer, exporter);
  }

  @Test
  void agentsOnTwoHostsSkipTheIpcTestWithTheReasonOnBothSides() throws Exception {
    HostOffer other =
        new HostOffer("host-b", "gpu-node-b", "00000000-0000-0000-0000-00000000000b", List.of(), List.of(), true);

    List<CudaIpcTest> both = session(thisHost("host-a"), other);

    for (CudaIpcTest side : both) {
      assertThat(side.results())
          .singleElement()
          .satisfies(
              r -> {
                assertThat(r.kind()).isEqualTo(CopyKind.IPC);
                assertThat(r.outcome()).isEqualTo(CopyTestResult.Outcome.SKIPPED);
                assertThat(r.reason()).startsWith(CudaIpcTest.CROSS_HOST + " (");
              });
    }
    assertThat(both.get(0).results().get(0).reason()).contains("the peer: gpu-node-b");
  }

  @Test
  void oneHostIsTheSameBootAndHostnameNotTheUserSettableHostId() {
    HostOffer here = thisHost("host-a");
    assumeTrue(!here.bootId().isEmpty(), "this kernel has no boot id");

    assertThat(here.sameHostAs(thisHost("any-other-id"))).isTrue();
    assertThat(here.sameHostAs(new HostOffer("host-a", here.hostname(), "another-boot", List.of(), List.of(), true)))
        .isFalse();
    assertThat(here.sameHostAs(new HostOffer("host-a", "elsewhere", here.bootId(), List.of(), List.of(), true)))
        .isFalse();
    HostOffer unknown = new HostOffer("host-a", here.hostname(), "", List.of(), List.of(), true);
    assertThat(unknown.sameHostAs(unknown)).isFalse();
    // The offer carries both, so the peer decides the same way.
    assertThat(HostOffer.fromJson(here.toJson())).isEqualTo(here);
  }

  @Test
  void aPeerThatTakesNoPartIsSkippedWithThatReason() throws Exception {
    List<CudaIpcTest> both = session(thisHost("host-a"), thisHost("host-b").withCudaIpc(false));

    assertThat(both.get(0).results())
        .singleElement()
        .satisfies(r -> assertThat(r.reason()).startsWith("the peer does not take part in CUDA IPC"));
    assertThat(both.get(1).results()).isEmpty();
  }

  @Test
  void withoutAGpuTheImporterSkipsWithCudasOwnReasonAndNeverAsks() throws Exception {
    assumeNoGpu();

    List<CudaIpcTest> both = session(thisHost("host-a"), thisHost("host-b"));

    assertThat(both.get(0).results())
        .singleElement()
        .satisfies(r -> assertThat(r.reason()).startsWith("cudaGetDeviceCount: cudaError"));
    assertThat(both.get(1).results()).isEmpty(); // it was never asked to export
  }

  @Test
  void anExporterWithoutAGpuAnswersTheRequestWithCudasReasonOverTheControlStream() throws Exception {
    assumeNoGpu();
    CudaIpcTest exporter = new CudaIpcTest(SWEEP);
    CompletableFuture<SessionReport> responded =
        CompletableFuture.supplyAsync(
            () -> new ProbeSession(served, thisHost("host-b"), List.of(), TIMEOUTS, line -> {}, exporter).respond());
    // The joining side by hand, as an agent with a GPU would act: offer, then ask for the IPC test.
    ControlMessage offer = ControlMessage.of(MessageType.OFFER);
    offer.body().setAll(thisHost("host-a").toJson());
    joined.send(offer, TIMEOUTS.message());
    joined.expect(MessageType.OFFER, TIMEOUTS.message());
    ControlMessage start = ControlMessage.of(MessageType.TEST_START);
    start.body().put("key", IpcExchange.KEY);
    joined.send(start, TIMEOUTS.message());

    assertThatThrownBy(() -> IpcExchange.receiveOffers(joined, TIMEOUTS.message()))
        .isInstanceOf(ControlException.class)
        .hasMessageStartingWith("cudaGetDeviceCount: cudaError");
    joined.close();
    responded.get(TIMEOUTS.test().toSeconds(), TimeUnit.SECONDS);
    assertThat(exporter.results())
        .singleElement()
        .satisfies(r -> assertThat(r.reason()).startsWith("cudaGetDeviceCount: cudaError"));
  }

  private static void assumeNoGpu() {
    assumeTrue(Files.exists(Path.of("/usr/local/cuda/lib64/libcudart.so")), "needs the CUDA toolkit's libcudart");
    assumeTrue(CudaProbe.open() instanceof CudaProbe.Skipped, "this machine has a working GPU");
  }
}
