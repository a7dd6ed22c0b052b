package dev.fabricplanner.probe.fabric;

import dev.fabricplanner.core.record.Backend;
import dev.fabricplanner.core.record.Endpoint;
import dev.fabricplanner.core.record.Fabric;
import dev.fabricplanner.core.record.FabricStatus;
import dev.fabricplanner.core.record.LinkFacts;
import dev.fabricplanner.core.record.LinkMeasurement;
import dev.fabricplanner.core.record.SizeSample;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Turns discovery and payload results into planner-core capability record entries. */
public final class LinkRecords {
  private LinkRecords() {}

  /** The record's fabric entry for a discovered provider, usable (status ok). */
  public static Fabric fabric(FabricProvider provider) {
    return Fabric.libfabric(fabricId(provider), provider.provider(),
        endpointType(provider.endpointType()), provider.fabric(), emptyToNull(provider.domain()),
        provider.hmem(), rma(provider.rma()));
  }

  /** The fabric entry with the outcome of probing it: failed or skipped results carry the reason. */
  public static Fabric fabric(ProviderResult result) {
    Fabric fabric = fabric(result.provider());
    return switch (result.status()) {
      case PASSED -> fabric;
      case FAILED -> fabric.withStatus(FabricStatus.FAILED, result.reason());
      case SKIPPED -> fabric.withStatus(FabricStatus.SKIPPED, result.reason());
    };
  }

  /** A skipped fabric entry for a wanted provider this host lacks (e.g. a profile's verbs). */
  public static Fabric skipped(ProviderQuery query, String reason) {
    EndpointType type = query.endpointType() == null ? EndpointType.RDM : query.endpointType();
    String provider = query.provider() == null ? "any" : query.provider();
    return new Fabric(provider + "/unavailable-" + type.cliName(), Backend.LIBFABRIC, provider,
        endpointType(type), "unavailable", null, FabricStatus.SKIPPED, reason, null, null, null);
  }

  /** "tcp;ofi_rxm/lo-rdm": provider, domain and endpoint type, unique within a host. */
  public static String fabricId(FabricProvider provider) {
    return provider.provider() + "/" + provider.domain() + "-" + provider.endpointType().cliName();
  }

  /**
   * The link measurement for one provider's result: one sample per size that has both a ping-pong
   * and a bandwidth point. A failed run (or one with an unverified payload) becomes a failed
   * measurement, which disqualifies the transport; a skipped one a skipped measurement.
   *
   * @param result the initiator's result (its provider must be known)
   * @param src the initiator's end
   * @param dst the responder's end
   * @param peerDomain the responder's domain name, or null when the same as ours
   * @param measuredAt when the run finished
   */
  public static LinkMeasurement measurement(ProviderResult result, Endpoint src, Endpoint dst,
      String peerDomain, Instant measuredAt) {
    FabricProvider provider = result.provider();
    if (provider == null) {
      throw new IllegalArgumentException("a result without a provider has no link: "
          + result.reason());
    }
    String domain = emptyToNull(provider.domain());
    LinkMeasurement.Builder builder = LinkMeasurement.builder(src, dst, Backend.LIBFABRIC,
            provider.provider(), provider.fabric())
        .domains(domain, peerDomain == null ? domain : peerDomain)
        .measuredAt(measuredAt)
        .facts(new LinkFacts(null, null, provider.hmem(), rma(provider.rma())));
    if (result.status() == ProviderResult.Status.SKIPPED) {
      return builder.skipped(result.reason()).build();
    }
    if (result.status() == ProviderResult.Status.FAILED) {
      return builder.failed(result.reason()).build();
    }
    Map<Integer, ThroughputPoint> bandwidth = new HashMap<>();
    for (ThroughputPoint point : result.bandwidth()) {
      bandwidth.put(point.bytes(), point);
    }
    List<LatencyPoint> latency = result.latency();
    // The least any size had: the first size warms the JVM up too and gets more.
    int warmup = latency.stream().mapToInt(LatencyPoint::warmup).min().orElse(0);
    int samples = 0;
    for (LatencyPoint point : latency) {
      ThroughputPoint stream = bandwidth.get(point.bytes());
      if (stream == null) {
        continue;
      }
      builder.sample(new SizeSample(point.bytes(), point.p50Micros(),
          Math.max(point.p50Micros(), point.p99Micros()), stream.medianRoundGigabytesPerSecond() * 1e9,
          stream.noisePercent(), point.iterations()));
      samples++;
    }
    if (samples == 0) {
      return builder.failed("no size has both a latency and a bandwidth figure").build();
    }
    return builder.warmupIterations(warmup).payloadVerified(true).build();
  }

  private static dev.fabricplanner.core.record.EndpointType endpointType(EndpointType type) {
    return switch (type) {
      case RDM -> dev.fabricplanner.core.record.EndpointType.RDM;
      case DGRAM -> dev.fabricplanner.core.record.EndpointType.DGRAM;
      case MSG -> dev.fabricplanner.core.record.EndpointType.MSG;
    };
  }

  private static dev.fabricplanner.core.record.RmaSupport rma(RmaSupport rma) {
    return switch (rma) {
      case NATIVE -> dev.fabricplanner.core.record.RmaSupport.NATIVE;
      case EMULATED -> dev.fabricplanner.core.record.RmaSupport.EMULATED;
      case NONE -> dev.fabricplanner.core.record.RmaSupport.NONE;
    };
  }

  private static String emptyToNull(String text) {
    return text == null || text.isEmpty() ? null : text;
  }
}
