package dev.fabricplanner.core.record;

import java.util.Objects;

/**
 * One transport endpoint a host offers, and what became of probing it. For libfabric this is one
 * fi_info entry (provider + fabric + domain + endpoint type); a host with four NICs on one fabric has four
 * entries with the same provider and fabric name and different domain names, and the planner may stripe
 * across them.
 *
 * <p>Two hosts share a fabric when backend, provider, endpoint type and fabric name are equal: libfabric's
 * fabric name is the IB subnet prefix for verbs, the IP subnet for tcp/sockets, "efa" for EFA. For QUIC
 * the fabric name names the IP network the host can reach (for example "dc1-lan" or "internet").
 *
 * @param id unique within the record (for example "efa/rdmap16s27-rdm")
 * @param backend libfabric, cuda or quic
 * @param provider libfabric provider name ("verbs", "efa", "cxi", "tcp", "shm" ...); "cuda_ipc" or
 *     "quic" for the other backends
 * @param endpointType libfabric endpoint type; null for cuda and quic
 * @param fabricName fabric attribute name (see above)
 * @param domainName domain attribute name (the NIC, e.g. "mlx5_0"); null when not applicable
 * @param status ok, skipped or failed
 * @param reason why it was skipped or failed (null when ok)
 * @param hmem whether the provider accepted FI_HMEM (GPU memory registration); null when not asked
 * @param rma whether RMA write is native or emulated; null when unknown
 * @param numaNode NUMA node of the NIC, or null when unknown
 * @param nicModel the NIC's model (e.g. "ConnectX-7", "EFA v2", "Cassini"), or null when unknown
 * @param linkLayer the NIC's link layer, or null when unknown
 * @param nominalBytesPerSec the NIC's (or interconnect's) nominal speed in bytes per second, or null when
 *     unknown; what measurements on this fabric are compared with
 */
public record Fabric(
    String id,
    Backend backend,
    String provider,
    EndpointType endpointType,
    String fabricName,
    String domainName,
    FabricStatus status,
    String reason,
    Boolean hmem,
    RmaSupport rma,
    Integer numaNode,
    String nicModel,
    LinkLayer linkLayer,
    Double nominalBytesPerSec) {
  public Fabric {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(backend, "backend");
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(fabricName, "fabricName");
    Objects.requireNonNull(status, "status");
    if (status != FabricStatus.OK && (reason == null || reason.isBlank())) {
      throw new IllegalArgumentException("a " + status.wire() + " fabric needs a reason");
    }
    if (nominalBytesPerSec != null
        && (!(nominalBytesPerSec > 0) || Double.isInfinite(nominalBytesPerSec))) {
      throw new IllegalArgumentException("nominalBytesPerSec must be a finite number > 0");
    }
  }

  /** A fabric whose NIC model, link layer and nominal speed are unknown (schema 1). */
  public Fabric(
      String id,
      Backend backend,
      String provider,
      EndpointType endpointType,
      String fabricName,
      String domainName,
      FabricStatus status,
      String reason,
      Boolean hmem,
      RmaSupport rma,
      Integer numaNode) {
    this(id, backend, provider, endpointType, fabricName, domainName, status, reason, hmem, rma,
        numaNode, null, null, null);
  }

  /** A usable libfabric endpoint: status ok, no reason. */
  public static Fabric libfabric(
      String id,
      String provider,
      EndpointType endpointType,
      String fabricName,
      String domainName,
      Boolean hmem,
      RmaSupport rma) {
    return new Fabric(
        id, Backend.LIBFABRIC, provider, endpointType, fabricName, domainName, FabricStatus.OK, null,
        hmem, rma, null);
  }

  /** A QUIC endpoint reachable on the named network. */
  public static Fabric quic(String id, String network) {
    return new Fabric(
        id, Backend.QUIC, "quic", null, network, null, FabricStatus.OK, null, null, null, null);
  }

  /** The same fabric, marked failed (or skipped) with a reason. */
  public Fabric withStatus(FabricStatus newStatus, String newReason) {
    return new Fabric(
        id, backend, provider, endpointType, fabricName, domainName, newStatus, newReason, hmem, rma,
        numaNode, nicModel, linkLayer, nominalBytesPerSec);
  }

  /** The same fabric with the NIC's model, link layer and nominal speed (any may be null). */
  public Fabric withNic(String model, LinkLayer layer, Double nominalSpeed) {
    return new Fabric(
        id, backend, provider, endpointType, fabricName, domainName, status, reason, hmem, rma,
        numaNode, model, layer, nominalSpeed);
  }

  /** The same fabric with the NIC's NUMA node. */
  public Fabric withNumaNode(Integer node) {
    return new Fabric(
        id, backend, provider, endpointType, fabricName, domainName, status, reason, hmem, rma,
        node, nicModel, linkLayer, nominalBytesPerSec);
  }

  /** True when this and other are on the same fabric (see the class comment); NIC and status aside. */
  public boolean sharesFabricWith(Fabric other) {
    return backend == other.backend
        && provider.equals(other.provider)
        && endpointType == other.endpointType
        && fabricName.equals(other.fabricName);
  }
}
