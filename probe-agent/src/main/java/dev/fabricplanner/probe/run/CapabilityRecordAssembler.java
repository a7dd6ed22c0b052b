package dev.fabricplanner.probe.run;

import dev.fabricplanner.core.record.CapabilityRecord;
import dev.fabricplanner.core.record.Endpoint;
import dev.fabricplanner.core.record.Fabric;
import dev.fabricplanner.core.record.Gpu;
import dev.fabricplanner.core.record.GpuPair;
import dev.fabricplanner.core.record.GpuPath;
import dev.fabricplanner.core.record.LinkFacts;
import dev.fabricplanner.core.record.HostIdentity;
import dev.fabricplanner.core.record.LinkMeasurement;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a session's outcomes into this host's capability record: every fabric with its status and reason
 * (failed and skipped ones kept, so the planner can say why a fast path was not taken), and one link per
 * tested backend from this host to the peer, failed links included with their reason.
 */
public final class CapabilityRecordAssembler {
  private CapabilityRecordAssembler() {}

  /**
   * @param measuredAt the record's own time (each link keeps the time its test ended)
   * @param unavailable fabrics found unusable before any test (provider absent, library missing)
   * @param gpus this host's GPUs and pairs (empty where the CUDA probe skipped)
   */
  public static CapabilityRecord assemble(
      SessionReport report,
      String agentVersion,
      Instant measuredAt,
      List<Fabric> unavailable,
      List<Gpu> gpus,
      List<GpuPair> gpuPairs) {
    HostOffer local = report.local();
    CapabilityRecord.Builder record =
        CapabilityRecord.builder(new HostIdentity(local.hostId(), local.hostname(), agentVersion, measuredAt));
    gpus.forEach(record::gpu);
    gpuPairs.forEach(record::gpuPair);
    addTo(record, List.of(report), unavailable);
    return record.build();
  }

  /**
   * Adds several sessions of one host (a serve with many joiners, a campaign) to its record: each fabric
   * once, with the best status any session saw (a fabric that worked with one peer works on this host;
   * the failure with another peer stays on that link), and one link per peer and tested backend, each
   * stamped with the time its own test ended.
   */
  public static void addTo(CapabilityRecord.Builder record, List<SessionReport> reports, List<Fabric> unavailable) {
    addTo(record, reports, unavailable, NicDirectory.system());
  }

  /** As above, reading NIC facts (model, link layer, nominal speed, MTU) from {@code nics}. */
  public static void addTo(
      CapabilityRecord.Builder record, List<SessionReport> reports, List<Fabric> unavailable, NicDirectory nics) {
    Map<String, Fabric> fabrics = new LinkedHashMap<>();
    for (SessionReport report : reports) {
      for (BackendOutcome outcome : report.outcomes()) {
        fabrics.merge(outcome.fabric().id(), outcome.fabric(), (kept, next) -> rank(next) > rank(kept) ? next : kept);
      }
    }
    for (Fabric fabric : unavailable) {
      fabrics.putIfAbsent(fabric.id(), fabric);
    }
    fabrics.replaceAll((id, fabric) -> nics.describe(fabric));
    fabrics.values().forEach(record::fabric);
    boolean rdmaOnHost = LinkShortfall.rdmaOk(List.copyOf(fabrics.values()));
    for (SessionReport report : reports) {
      if (report.peer() == null) {
        continue;
      }
      for (BackendOutcome outcome : report.outcomes()) {
        if (outcome.status() == dev.fabricplanner.core.record.FabricStatus.SKIPPED) {
          continue; // never tested against this peer: nothing to say about the link
        }
        Fabric fabric = fabrics.get(outcome.fabric().id());
        LinkMeasurement link =
            link(report.local().hostId(), report.peer().hostId(), report.initiator(), outcome, outcome.settledAt());
        NicDirectory.Nic nic = nics.nic(fabric.provider(), fabric.domainName());
        record.link(link.withShortfall(LinkShortfall.check(link, fabric, nic, rdmaOnHost)));
      }
    }
  }

  private static int rank(Fabric fabric) {
    return switch (fabric.status()) {
      case OK -> 2;
      case FAILED -> 1;
      case SKIPPED -> 0;
    };
  }

  private static LinkMeasurement link(
      String self, String peer, boolean measuredHere, BackendOutcome outcome, Instant measuredAt) {
    Fabric fabric = outcome.fabric();
    LinkMeasurement.Builder link =
        LinkMeasurement.builder(
                Endpoint.hostMemory(self), Endpoint.hostMemory(peer), fabric.backend(), fabric.provider(),
                fabric.fabricName())
            .measuredAt(measuredAt);
    BackendMeasurement m = outcome.measurement();
    if (m == null) {
      return link.failed(outcome.reason()).build();
    }
    // Every payload test so far runs between host buffers; a GPU-buffer test says its own path.
    LinkFacts facts = m.facts().gpuPath() != null ? m.facts() : m.facts().withGpuPath(GpuPath.HOST_MEMORY);
    link.warmupIterations(m.warmupIterations()).payloadVerified(m.payloadVerified()).facts(facts);
    link.domains(m.srcDomain(), m.dstDomain());
    m.sweep().forEach(link::sample);
    // The joining side drives every test; the serving side keeps its figures and says so.
    link.settings(Map.of("measured_by", measuredHere
        ? "this host (it drove the tests; streams ran from it to the peer)"
        : "the peer " + peer + " (it drove the tests; streams ran from it to this host)"));
    link.settings(m.settings());
    return link.build();
  }
}
