package dev.fabricplanner.core.record;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What one host offers and what its probe measured: schema v2 of the capability record.
 *
 * <h2>How a probe builds a record</h2>
 *
 * <pre>{@code
 * HostIdentity host = new HostIdentity("i-0abc", "gpu-node-17", "0.1.0", Instant.now());
 * CapabilityRecord record = CapabilityRecord.builder(host)
 *     .gpu(new Gpu("GPU-5f1c...", 0, "NVIDIA H100 80GB HBM3", 85_520_809_984L, "0000:18:00.0", 0))
 *     .gpuPair(new GpuPair("GPU-5f1c...", "GPU-7a2b...", true, true, 18, PathClass.NVL, NvmlP2pStatus.OK))
 *     .fabric(Fabric.libfabric("efa/rdmap16s27", "efa", EndpointType.RDM, "efa", "rdmap16s27-rdm",
 *         true, RmaSupport.NATIVE))
 *     .fabric(Fabric.libfabric("verbs/mlx5_0", "verbs", EndpointType.RDM, "IB-0xfe80", "mlx5_0", null, null)
 *         .withStatus(FabricStatus.FAILED, "fi_getinfo: -61 (No data available)"))
 *     .fabric(Fabric.quic("quic", "dc1-lan"))
 *     .link(LinkMeasurement.builder(Endpoint.gpu("i-0abc", "GPU-5f1c..."), Endpoint.gpu("i-0def", "GPU-..."),
 *             Backend.LIBFABRIC, "efa", "efa")
 *         .measuredAt(Instant.now()).warmupIterations(100).payloadVerified(true)
 *         .sample(new SizeSample(4096, 12.1, 15.0, 3.1e8, 1.2, 1000))
 *         .facts(new LinkFacts(PathClass.NET, null, true, RmaSupport.NATIVE))
 *         .build())
 *     .build();                                   // throws IllegalArgumentException on a broken record
 * new CapabilityRecordWriter().write(record, Path.of("records/i-0abc.json"));   // atomic
 * }</pre>
 *
 * Probe every fabric you find and keep the ones that fail or are skipped, with a reason: the planner
 * shows them as PROBE_FAILED / PROBE_SKIPPED so that a user sees why traffic did not take the fast path.
 * Links are those this host measured; their {@code src.host} is this host's id.
 *
 * @param host who measured and when
 * @param gpus the host's GPUs (may be empty)
 * @param gpuPairs facts about ordered GPU pairs of this host
 * @param fabrics every transport endpoint probed, with its status
 * @param links measurements this host made
 */
public record CapabilityRecord(
    HostIdentity host,
    List<Gpu> gpus,
    List<GpuPair> gpuPairs,
    List<Fabric> fabrics,
    List<LinkMeasurement> links) {

  /**
   * The schema version this code writes and the newest it reads. Version 2 added optional fields
   * (host site, provenance and software; NIC model, link layer and nominal speed; GPU path; shortfall):
   * version 1 records still read, and a version 1 planner refuses a version 2 record in one line.
   */
  public static final int SCHEMA_VERSION = 2;

  /** The oldest schema version this code reads. */
  public static final int OLDEST_READABLE_VERSION = 1;

  public CapabilityRecord {
    Objects.requireNonNull(host, "host");
    gpus = List.copyOf(gpus);
    gpuPairs = List.copyOf(gpuPairs);
    fabrics = List.copyOf(fabrics);
    links = List.copyOf(links);
    List<RecordRules.Violation> violations =
        RecordRules.check(host, gpus, gpuPairs, fabrics, links);
    if (!violations.isEmpty()) {
      throw new IllegalArgumentException(
          "invalid capability record for " + host.id() + ": " + violations);
    }
  }

  public static Builder builder(HostIdentity host) {
    return new Builder(host);
  }

  /**
   * True when the record was measured more than maxAge before now. An example record (written by
   * hand) has no age to go stale: its date is made up, and the planner already warns that it plans on
   * examples, so "re-run probe-agent" would be noise.
   */
  public boolean isOlderThan(Duration maxAge, Instant now) {
    return isOlderThan(host.measuredAt(), maxAge, now);
  }

  /** True when this record's link was measured more than maxAge before now (never for an example). */
  public boolean isOlderThan(LinkMeasurement link, Duration maxAge, Instant now) {
    return isOlderThan(link.measuredAt(), maxAge, now);
  }

  private boolean isOlderThan(Instant measuredAt, Duration maxAge, Instant now) {
    return host.provenance() != Provenance.EXAMPLE && measuredAt.plus(maxAge).isBefore(now);
  }

  /** Looks a GPU up by its stable id; null when this host has no such GPU. */
  public Gpu gpu(String gpuId) {
    for (Gpu gpu : gpus) {
      if (gpu.id().equals(gpuId)) {
        return gpu;
      }
    }
    return null;
  }

  /** Collects a record's parts in order; {@link #build()} checks the cross-references. */
  public static final class Builder {
    private final HostIdentity host;
    private final List<Gpu> gpus = new ArrayList<>();
    private final List<GpuPair> gpuPairs = new ArrayList<>();
    private final List<Fabric> fabrics = new ArrayList<>();
    private final List<LinkMeasurement> links = new ArrayList<>();

    private Builder(HostIdentity host) {
      this.host = host;
    }

    public Builder gpu(Gpu gpu) {
      gpus.add(gpu);
      return this;
    }

    public Builder gpuPair(GpuPair pair) {
      gpuPairs.add(pair);
      return this;
    }

    public Builder fabric(Fabric fabric) {
      fabrics.add(fabric);
      return this;
    }

    public Builder link(LinkMeasurement link) {
      links.add(link);
      return this;
    }

    public CapabilityRecord build() {
      return new CapabilityRecord(host, gpus, gpuPairs, fabrics, links);
    }
  }
}
