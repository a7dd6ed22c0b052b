package dev.fabricplanner.core.plan;

import dev.fabricplanner.core.record.EndpointType;
import java.util.Comparator;
import java.util.List;

/**
 * One way to move a hop's bytes: a kind, and for libfabric and QUIC the provider and fabric it runs on.
 *
 * @param kind NVLink, CUDA IPC, libfabric or QUIC
 * @param provider libfabric provider, "cuda_ipc" or "quic"
 * @param endpointType libfabric endpoint type, else null
 * @param fabricName the shared fabric (or QUIC network); null where not applicable
 */
public record Transport(
    TransportKind kind, String provider, EndpointType endpointType, String fabricName) {

  /**
   * libfabric providers, most preferred first, for ties between equal estimates: RDMA NICs, then shared
   * memory, then the IP providers, with {@code sockets} (deprecated in libfabric, kept for
   * development) last. A provider not listed ranks after all of these.
   */
  public static final List<String> PROVIDER_PREFERENCE = List.of(
      "cxi", "efa", "verbs", "opx", "psm3", "psm2", "ucx", "shm", "sm2", "tcp", "udp", "sockets");

  /** Preference order for ties: kind, then provider preference, then label. */
  public static final Comparator<Transport> PREFERENCE =
      Comparator.comparing(Transport::kind)
          .thenComparingInt(Transport::providerRank)
          .thenComparing(Transport::label);

  /** Where the provider stands in {@link #PROVIDER_PREFERENCE}; unlisted providers rank last. */
  public int providerRank() {
    int rank = PROVIDER_PREFERENCE.indexOf(provider);
    return rank < 0 ? PROVIDER_PREFERENCE.size() : rank;
  }

  public static Transport nvlink() {
    return new Transport(TransportKind.NVLINK, "cuda_ipc", null, null);
  }

  public static Transport cudaIpc() {
    return new Transport(TransportKind.CUDA_IPC, "cuda_ipc", null, null);
  }

  public static Transport libfabric(String provider, EndpointType type, String fabricName) {
    return new Transport(TransportKind.LIBFABRIC, provider, type, fabricName);
  }

  public static Transport quic(String network) {
    return new Transport(TransportKind.QUIC, "quic", null, network);
  }

  /** Short name for tables and JSON: nvlink, cuda_ipc, libfabric:efa, quic. */
  public String name() {
    return switch (kind) {
      case NVLINK -> "nvlink";
      case CUDA_IPC -> "cuda_ipc";
      case LIBFABRIC -> "libfabric:" + provider;
      case QUIC -> "quic";
    };
  }

  /** The name with its fabric, unique among a hop's candidates: libfabric:tcp(rdm@10.0.0.0/24). */
  public String label() {
    return switch (kind) {
      case NVLINK, CUDA_IPC -> name();
      case LIBFABRIC -> name() + "(" + endpointType.wire() + "@" + fabricName + ")";
      case QUIC -> fabricName == null ? name() : name() + "(" + fabricName + ")";
    };
  }
}
