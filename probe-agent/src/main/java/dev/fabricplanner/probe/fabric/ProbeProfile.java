package dev.fabricplanner.probe.fabric;

import java.util.List;
import java.util.Locale;

/**
 * The libfabric probe profiles of {@code probe-agent run --profiles}: each names the providers and
 * endpoint type it measures. {@code quic} and {@code nvlink} are not libfabric and live elsewhere.
 */
public enum ProbeProfile {
  /** The RDMA-capable providers, each skipped with a reason where this host lacks it. */
  RDMA(EndpointType.RDM, "verbs", "efa", "cxi", "psm2", "psm3", "opx"),
  /**
   * tcp reliable datagrams (offered as "tcp;ofi_rxm" where rxm layers RDM over tcp); with
   * {@code --endpoint-type msg} plain "tcp" connected endpoints.
   */
  TCP(EndpointType.RDM, "tcp"),
  /** The sockets provider's datagram endpoint. */
  SOCKETS(EndpointType.DGRAM, "sockets"),
  /** Shared memory between processes on one host. */
  SHM(EndpointType.RDM, "shm"),
  /** Plain UDP datagrams. */
  UDP(EndpointType.DGRAM, "udp");

  private final EndpointType endpointType;
  private final List<String> providers;

  ProbeProfile(EndpointType endpointType, String... providers) {
    this.endpointType = endpointType;
    this.providers = List.of(providers);
  }

  public EndpointType endpointType() {
    return endpointType;
  }

  public List<String> providers() {
    return providers;
  }

  /** The CLI name: "rdma", "tcp", "sockets", "shm", "udp". */
  public String cliName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses a CLI name; null if it is not a libfabric profile (e.g. "quic"). */
  public static ProbeProfile parse(String text) {
    for (ProbeProfile profile : values()) {
      if (profile.name().equalsIgnoreCase(text)) {
        return profile;
      }
    }
    return null;
  }

  /** One query per provider of the profile, endpoint type from the profile. */
  public List<ProviderQuery> queries() {
    return providers.stream().map(name -> ProviderQuery.of(name, endpointType)).toList();
  }

  /** Whether the provider binds to an IP address (so --src-node applies to it). */
  public static boolean usesIpAddresses(String provider) {
    return List.of("tcp", "udp", "sockets", "verbs").contains(provider);
  }
}
