package dev.fabricplanner.probe.cuda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fabricplanner.probe.control.ControlClient;
import dev.fabricplanner.probe.control.ControlException;
import dev.fabricplanner.probe.control.ControlMessage;
import dev.fabricplanner.probe.control.ControlServer;
import dev.fabricplanner.probe.control.ControlSession;
import dev.fabricplanner.probe.quic.QuicTransport;
import dev.fabricplanner.probe.quic.QuicTransportSettings;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The CUDA IPC exchange over a real, authenticated QUIC control connection on loopback. No GPU here, so
 * the exported buffers are stand-ins that count their frees: this tests the messages and the buffers'
 * lifecycle, not a copy (CudaProbeGpuTest measures real copies on a GPU machine).
 */
class IpcExchangeTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static QuicTransport transport;
  private ControlServer server;
  private ControlSession exporter;
  private ControlSession importer;

  /** A buffer that was never on a GPU: its offer, and how many times it was freed. */
  private static class StandInBuffer implements ExportedBuffer {
    private final IpcOffer offer;
    private final AtomicInteger frees = new AtomicInteger();

    StandInBuffer(int gpu) {
      this.offer = new IpcOffer(gpu, "GPU-0000000" + gpu, 4096, gpu + 1L, IpcOfferTest.handle());
    }

    @Override
    public IpcOffer offer() {
      return offer;
    }

    @Override
    public void close() {
      frees.incrementAndGet();
    }
  }

  @BeforeAll
  static void startTransport() {
    transport = new QuicTransport(QuicTransportSettings.forLoopback(), 2);
  }

  @AfterAll
  static void stopTransport() {
    transport.close();
  }

  /** The importer serves, the exporter joins: the way the embedded run's child exporter does. */
  @BeforeEach
  void connect() throws Exception {
    server = ControlServer.start(transport, new InetSocketAddress("127.0.0.1", 0), TIMEOUT);
    exporter = ControlClient.join(transport, server.invite("127.0.0.1"), TIMEOUT);
    importer = server.awaitPeer(TIMEOUT);
  }

  @AfterEach
  void disconnect() {
    exporter.close();
    importer.close();
    server.close();
  }

  private CompletableFuture<List<String>> lendInBackground(List<StandInBuffer> buffers) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return IpcExchange.lend(exporter, buffers, TIMEOUT, TIMEOUT);
          } catch (ControlException e) {
            throw new IllegalStateException(e.getMessage(), e);
          }
        });
  }

  private static String failureOf(CompletableFuture<?> future) throws Exception {
    try {
      future.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      throw new AssertionError("the exporter did not fail");
    } catch (ExecutionException e) {
      return e.getCause().getMessage();
    }
  }

  @Test
  void offersArriveIntactAndTheBuffersAreFreedOnlyAfterDone() throws Exception {
    List<StandInBuffer> buffers = List.of(new StandInBuffer(0), new StandInBuffer(1));
    CompletableFuture<List<String>> lent = lendInBackground(buffers);

    List<IpcOffer> offers = IpcExchange.receiveOffers(importer, TIMEOUT);

    assertThat(offers).containsExactly(buffers.get(0).offer(), buffers.get(1).offer());
    Thread.sleep(200); // the exporter, now waiting for done, must not free what the importer maps
    assertThat(buffers).allSatisfy(b -> assertThat(b.frees).hasValue(0));
    assertThat(lent).isNotDone();

    CopyTestResult result = CopyTestResult.skipped(CopyKind.IPC, 0, 1, "a stand-in reason");
    IpcExchange.done(importer, List.of(result), TIMEOUT);

    assertThat(lent.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS))
        .containsExactly("IPC gpu0->gpu1: SKIPPED (a stand-in reason)");
    assertThat(buffers).allSatisfy(b -> assertThat(b.frees).hasValue(1));
  }

  @Test
  void anOversizedOfferIsRefusedAndTheExporterLearnsWhy() throws Exception {
    ControlMessage oversized = new StandInBuffer(0).offer().toMessage(1);
    oversized.body().put("uuid", "GPU-" + "f".repeat(2000));
    exporter.send(oversized, TIMEOUT);

    assertThatThrownBy(() -> IpcExchange.receiveOffers(importer, TIMEOUT))
        .isInstanceOf(ControlException.class)
        .hasMessageMatching("refused ipc_offer of \\d+ bytes exceeds 1024");
    assertThatThrownBy(() -> exporter.expect(dev.fabricplanner.probe.control.MessageType.IPC_DONE, TIMEOUT))
        .isInstanceOf(ControlException.class)
        .hasMessageMatching("refused ipc_offer of \\d+ bytes exceeds 1024");
  }

  @Test
  void aMalformedOfferIsRefusedAndTheLendingExporterFreesItsBuffers() throws Exception {
    // The second of two offers is cut short on the wire, as a buggy or hostile exporter might send it.
    StandInBuffer first = new StandInBuffer(0);
    exporter.send(first.offer().toMessage(2), TIMEOUT);
    ControlMessage truncated = new StandInBuffer(1).offer().toMessage(2);
    truncated.body().put("handle", "AAAA");
    exporter.send(truncated, TIMEOUT);

    assertThatThrownBy(() -> IpcExchange.receiveOffers(importer, TIMEOUT))
        .hasMessage("refused ipc_offer: field handle wants 64 bytes of base64, got 3 bytes");
    assertThatThrownBy(() -> exporter.expect(dev.fabricplanner.probe.control.MessageType.IPC_DONE, TIMEOUT))
        .hasMessage("refused ipc_offer: field handle wants 64 bytes of base64, got 3 bytes");

    // A lending exporter that is refused frees at once and fails with the importer's reason.
    StandInBuffer lent = new StandInBuffer(2);
    CompletableFuture<List<String>> lending = lendInBackground(List.of(lent));
    importer.expect(dev.fabricplanner.probe.control.MessageType.IPC_OFFER, TIMEOUT);
    IpcExchange.decline(importer, "refused for the test", TIMEOUT);
    assertThat(failureOf(lending)).isEqualTo("refused for the test");
    assertThat(lent.frees).hasValue(1);
  }

  @Test
  void aDroppedControlStreamFreesTheBuffersAndFailsWithAReasonNotAHang() throws Exception {
    List<StandInBuffer> buffers = List.of(new StandInBuffer(0), new StandInBuffer(1));
    // The exporter would wait a minute for done; the dropped stream must end the wait at once.
    CompletableFuture<List<String>> lent =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return IpcExchange.lend(exporter, buffers, TIMEOUT, Duration.ofMinutes(1));
              } catch (ControlException e) {
                throw new IllegalStateException(e.getMessage(), e);
              }
            });
    IpcExchange.receiveOffers(importer, TIMEOUT);
    long dropped = System.nanoTime();

    importer.abort(); // the importing process dies mid-test, without a word

    assertThat(failureOf(lent)).startsWith("peer gone: ");
    assertThat(Duration.ofNanos(System.nanoTime() - dropped)).isLessThan(TIMEOUT);
    assertThat(buffers).allSatisfy(b -> assertThat(b.frees).hasValue(1));
  }

  @Test
  void aBufferThatFailsToFreeDoesNotKeepTheOthersAllocated() throws Exception {
    StandInBuffer stuck =
        new StandInBuffer(0) {
          @Override
          public void close() {
            super.close();
            throw new CudaException("cudaFree: cudaErrorIllegalAddress (700): an illegal memory access", 700);
          }
        };
    StandInBuffer other = new StandInBuffer(1);
    CompletableFuture<List<String>> lent = lendInBackground(List.of(stuck, other));
    IpcExchange.receiveOffers(importer, TIMEOUT);

    IpcExchange.done(importer, List.of(), TIMEOUT);

    assertThat(failureOf(lent)).startsWith("cudaFree: cudaErrorIllegalAddress (700)");
    assertThat(stuck.frees).hasValue(1);
    assertThat(other.frees).hasValue(1);
  }

  @Test
  void anExporterWithoutCudaTellsTheImporterWhy() throws Exception {
    IpcExchange.decline(exporter, "cudaGetDeviceCount: cudaErrorNoDevice (100)", TIMEOUT);

    assertThatThrownBy(() -> IpcExchange.receiveOffers(importer, TIMEOUT))
        .hasMessage("cudaGetDeviceCount: cudaErrorNoDevice (100)");
  }

  @Test
  void anExporterWithNothingToOfferDeclinesRatherThanLeaveTheImporterWaiting() throws Exception {
    CompletableFuture<List<String>> lent = lendInBackground(List.of());

    assertThatThrownBy(() -> IpcExchange.receiveOffers(importer, TIMEOUT))
        .hasMessage("cannot offer: no buffer was exported");
    assertThat(failureOf(lent)).isEqualTo("cannot offer: no buffer was exported");
  }
}
