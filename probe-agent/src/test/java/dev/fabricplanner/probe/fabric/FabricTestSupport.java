package dev.fabricplanner.probe.fabric;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The system's libfabric for tests; tests are skipped (with the reason) where it is absent. */
final class FabricTestSupport {
  private static final LibfabricLoad LOAD = Libfabric.load();

  private FabricTestSupport() {}

  static Libfabric library() {
    assumeTrue(LOAD.isLoaded(), () -> "libfabric absent: " + LOAD.skipReason());
    return LOAD.library();
  }

  static ProviderQuery loopback(String provider, EndpointType type) {
    return new ProviderQuery(provider, type, null,
        ProbeProfile.usesIpAddresses(provider) ? "127.0.0.1" : null);
  }
}
