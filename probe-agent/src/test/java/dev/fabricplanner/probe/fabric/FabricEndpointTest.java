package dev.fabricplanner.probe.fabric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class FabricEndpointTest {
  private final Libfabric library = FabricTestSupport.library();

  @Test
  void namesAreExchangedAndInsertedAsPeers() throws Exception {
    ProviderQuery tcp = FabricTestSupport.loopback("tcp", EndpointType.RDM);
    try (FabricEndpoint a = FabricEndpoint.open(library, tcp, false);
        FabricEndpoint b = FabricEndpoint.open(library, tcp, false)) {
      byte[] nameA = a.localName();
      byte[] nameB = b.localName();
      assertThat(nameA).hasSize(16); // struct sockaddr_in
      assertThat(nameA).isNotEqualTo(nameB);
      a.insertPeer(nameB);
      b.insertPeer(nameA);
      assertThat(a.provider().provider()).isEqualTo("tcp;ofi_rxm");
    }
  }

  @Test
  void rmaTargetsAreRegisteredWithAKeyAndVirtualAddressOnShm() throws Exception {
    try (FabricEndpoint shm =
        FabricEndpoint.open(library, ProviderQuery.of("shm", EndpointType.RDM), true)) {
      assertThat(shm.rmaEnabled()).isTrue();
      RegisteredBuffer target = shm.registerBuffer(1 << 16, true);
      assertThat(target.registered()).isTrue();
      // FI_MR_VIRT_ADDR: peers address the buffer by its virtual address.
      assertThat(target.remoteAddress(128))
          .isEqualTo(com.sun.jna.Pointer.nativeValue(target.memory()) + 128);
      assertThat(com.sun.jna.Pointer.nativeValue(target.memory()) % 4096).isZero();
    }
  }

  @Test
  void openAndCloseInALoopLeaksNoDescriptors() throws Exception {
    ProviderQuery[] queries = {
        FabricTestSupport.loopback("tcp", EndpointType.RDM),
        ProviderQuery.of("shm", EndpointType.RDM),
        FabricTestSupport.loopback("udp", EndpointType.DGRAM)};
    for (ProviderQuery query : queries) {
      cycle(query, 5);
    }
    long descriptorsBefore = openDescriptors();
    for (int i = 0; i < 30; i++) {
      for (ProviderQuery query : queries) {
        cycle(query, 1);
      }
    }
    assertThat(openDescriptors()).isLessThanOrEqualTo(descriptorsBefore + 2);
  }

  private void cycle(ProviderQuery query, int times) throws FabricException {
    for (int i = 0; i < times; i++) {
      try (FabricEndpoint endpoint = FabricEndpoint.open(library, query, true)) {
        endpoint.registerBuffer(4096, false);
        endpoint.localName();
      }
    }
  }

  private static long openDescriptors() throws IOException {
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      return fds.count();
    }
  }

  @Test
  void theRequestedDomainIsTheOneOpened() throws Exception {
    ProviderQuery onLo = ProviderQuery.of("tcp", EndpointType.RDM).withDomain("lo");
    try (FabricEndpoint endpoint = FabricEndpoint.open(library, onLo, false)) {
      assertThat(endpoint.provider().domain()).isEqualTo("lo");
    }
    assertThatThrownBy(() -> FabricEndpoint.open(library,
        ProviderQuery.of("tcp", EndpointType.RDM).withDomain("mlx5_9"), false))
        .isInstanceOf(FabricException.class).hasMessageContaining("domain mlx5_9");
  }

  @Test
  void aPeerThatNeverAnswersFailsWithinTheTimeoutInsteadOfHanging() throws Exception {
    ProviderQuery udp = FabricTestSupport.loopback("udp", EndpointType.DGRAM);
    TestPlan plan = new TestPlan(java.util.List.of(64), 5, 0, 2, 0, 2, java.util.List.of(1),
        64, false, 300);
    try (FabricEndpoint initiator = FabricEndpoint.open(library, udp, false)) {
      byte[] vanished;
      try (FabricEndpoint gone = FabricEndpoint.open(library, udp, false)) {
        vanished = gone.localName();
      }
      long peer = initiator.insertPeer(vanished);
      long start = System.nanoTime();
      ProviderResult result = new PayloadInitiator(initiator, peer, plan, phase -> { }).run();
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      assertThat(result.status()).isEqualTo(ProviderResult.Status.FAILED);
      assertThat(result.reason()).contains("no completion within 300 ms");
      assertThat(took).isLessThan(Duration.ofSeconds(5));
    }
  }
}
