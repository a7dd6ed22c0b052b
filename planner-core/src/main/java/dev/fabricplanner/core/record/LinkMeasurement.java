package dev.fabricplanner.core.record;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A measured link from one endpoint to another over one transport, as a size sweep. A probe that tried
 * and failed writes the measurement with status failed, a reason and an empty sweep: that disqualifies
 * the transport between these hosts.
 *
 * @param src the sending end (its host is the record's host)
 * @param dst the receiving end
 * @param backend libfabric, cuda or quic
 * @param provider provider as in {@link Fabric#provider()}
 * @param fabricName fabric name as in {@link Fabric#fabricName()}
 * @param srcDomain the sending NIC's domain name, or null
 * @param dstDomain the receiving NIC's domain name, or null
 * @param status ok, skipped or failed
 * @param reason why skipped or failed (null when ok)
 * @param measuredAt when the sweep finished
 * @param warmupIterations untimed iterations run before each size
 * @param payloadVerified whether every payload was checked (checksum) before the result was trusted
 * @param sweep samples in ascending size, sizes distinct; non-empty when ok
 * @param facts static facts that explain the result
 * @param settings how the figures were made, as the probe reports it (QUIC flow-control windows and
 *     congestion control, streaming window, which side measured); empty when not given. Read by
 *     people, not by the planner.
 * @param shortfall the probe's flag when the sweep's best bandwidth was below half the path's nominal
 *     speed, with the likely cause; null when not flagged (schema 2)
 */
public record LinkMeasurement(
    Endpoint src,
    Endpoint dst,
    Backend backend,
    String provider,
    String fabricName,
    String srcDomain,
    String dstDomain,
    FabricStatus status,
    String reason,
    Instant measuredAt,
    int warmupIterations,
    boolean payloadVerified,
    List<SizeSample> sweep,
    LinkFacts facts,
    Map<String, String> settings,
    Shortfall shortfall) {
  public LinkMeasurement {
    Objects.requireNonNull(src, "src");
    Objects.requireNonNull(dst, "dst");
    Objects.requireNonNull(backend, "backend");
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(fabricName, "fabricName");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(measuredAt, "measuredAt");
    sweep = List.copyOf(sweep);
    facts = facts == null ? LinkFacts.NONE : facts;
    settings = settings == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(settings));
    if (warmupIterations < 0) {
      throw new IllegalArgumentException("warmupIterations must be >= 0");
    }
    if (status == FabricStatus.OK && sweep.isEmpty()) {
      throw new IllegalArgumentException("an ok measurement needs at least one sample");
    }
    if (status != FabricStatus.OK && (reason == null || reason.isBlank())) {
      throw new IllegalArgumentException("a " + status.wire() + " measurement needs a reason");
    }
    for (int i = 1; i < sweep.size(); i++) {
      if (sweep.get(i).sizeBytes() <= sweep.get(i - 1).sizeBytes()) {
        throw new IllegalArgumentException("sweep sizes must be strictly ascending");
      }
    }
  }

  /** A measurement without a shortfall flag (schema 1). */
  public LinkMeasurement(
      Endpoint src,
      Endpoint dst,
      Backend backend,
      String provider,
      String fabricName,
      String srcDomain,
      String dstDomain,
      FabricStatus status,
      String reason,
      Instant measuredAt,
      int warmupIterations,
      boolean payloadVerified,
      List<SizeSample> sweep,
      LinkFacts facts,
      Map<String, String> settings) {
    this(src, dst, backend, provider, fabricName, srcDomain, dstDomain, status, reason, measuredAt,
        warmupIterations, payloadVerified, sweep, facts, settings, null);
  }

  /** The best bandwidth of the sweep in bytes per second; 0 when the sweep is empty. */
  public double peakBandwidth() {
    double best = 0;
    for (SizeSample sample : sweep) {
      best = Math.max(best, sample.bandwidthBytesPerSec());
    }
    return best;
  }

  /** The same measurement with the probe's shortfall flag (null to clear it). */
  public LinkMeasurement withShortfall(Shortfall flag) {
    return new LinkMeasurement(src, dst, backend, provider, fabricName, srcDomain, dstDomain, status,
        reason, measuredAt, warmupIterations, payloadVerified, sweep, facts, settings, flag);
  }

  public static Builder builder(
      Endpoint src, Endpoint dst, Backend backend, String provider, String fabricName) {
    return new Builder(src, dst, backend, provider, fabricName);
  }

  /** True when this is a usable measurement (status ok). */
  public boolean ok() {
    return status == FabricStatus.OK;
  }

  /**
   * Collects a measurement as a probe runs; samples may be added in any order (they are sorted by size).
   * Status defaults to ok; call {@link #failed} (or {@link #skipped}) when the probe could not measure.
   */
  public static final class Builder {
    private final Endpoint src;
    private final Endpoint dst;
    private final Backend backend;
    private final String provider;
    private final String fabricName;
    private String srcDomain;
    private String dstDomain;
    private FabricStatus status = FabricStatus.OK;
    private String reason;
    private Instant measuredAt;
    private int warmupIterations;
    private boolean payloadVerified;
    private final List<SizeSample> sweep = new ArrayList<>();
    private LinkFacts facts = LinkFacts.NONE;
    private final Map<String, String> settings = new LinkedHashMap<>();
    private Shortfall shortfall;

    private Builder(
        Endpoint src, Endpoint dst, Backend backend, String provider, String fabricName) {
      this.src = src;
      this.dst = dst;
      this.backend = backend;
      this.provider = provider;
      this.fabricName = fabricName;
    }

    public Builder domains(String srcDomainName, String dstDomainName) {
      this.srcDomain = srcDomainName;
      this.dstDomain = dstDomainName;
      return this;
    }

    public Builder measuredAt(Instant when) {
      this.measuredAt = when;
      return this;
    }

    public Builder warmupIterations(int count) {
      this.warmupIterations = count;
      return this;
    }

    public Builder payloadVerified(boolean verified) {
      this.payloadVerified = verified;
      return this;
    }

    public Builder sample(SizeSample sample) {
      sweep.add(sample);
      return this;
    }

    public Builder facts(LinkFacts linkFacts) {
      this.facts = linkFacts;
      return this;
    }

    /** Adds to the settings, in order. */
    public Builder settings(Map<String, String> more) {
      settings.putAll(more);
      return this;
    }

    public Builder shortfall(Shortfall flag) {
      this.shortfall = flag;
      return this;
    }

    public Builder failed(String why) {
      this.status = FabricStatus.FAILED;
      this.reason = why;
      return this;
    }

    public Builder skipped(String why) {
      this.status = FabricStatus.SKIPPED;
      this.reason = why;
      return this;
    }

    public LinkMeasurement build() {
      List<SizeSample> sorted = new ArrayList<>(sweep);
      sorted.sort(Comparator.comparingLong(SizeSample::sizeBytes));
      return new LinkMeasurement(
          src, dst, backend, provider, fabricName, srcDomain, dstDomain, status, reason,
          measuredAt, warmupIterations, payloadVerified, sorted, facts, settings, shortfall);
    }
  }
}
