package dev.fabricplanner.probe.fabric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** libfabric replaces the JVM's fault handlers; none may stay replaced while Java code runs. */
class JvmSignalHandlersTest {
  private final Libfabric library = FabricTestSupport.library();

  @ParameterizedTest(name = "{0}")
  @CsvSource({"shm, RDM", "tcp, RDM", "udp, DGRAM", "sockets, DGRAM"})
  void theJvmsHandlersAreInPlaceAfterDiscoveryOpenAndAFullRun(String provider,
      EndpointType type) {
    JvmSignalHandlers handlers = JvmSignalHandlers.beforeFirstLoad();
    assumeTrue(handlers != null, "no sigaction in libc");
    new ProviderDiscovery(library).list(ProviderQuery.any());
    assertThat(handlers.intact()).as("after discovery").isTrue();
    TestPlan plan = new TestPlan(java.util.List.of(64, 65536), 5, 1, 2, 1, 2,
        java.util.List.of(1), 4096, true, 5_000);
    ProviderResult result =
        new LoopbackRun(library, plan).run(FabricTestSupport.loopback(provider, type));
    assertThat(result.status()).as(result.reason()).isEqualTo(ProviderResult.Status.PASSED);
    assertThat(handlers.intact()).as("after a run over " + provider).isTrue();
  }
}
