package dev.fabricplanner.probe.run;

import dev.fabricplanner.core.record.CapabilityRecord;
import dev.fabricplanner.core.record.Endpoint;
import dev.fabricplanner.core.record.Fabric;
import dev.fabricplanner.core.record.Gpu;
import dev.fabricplanner.core.record.GpuPair;
import dev.fabricplanner.core.record.HostIdentity;
import dev.fabricplanner.core.record.LinkMeasurement;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a session's outcomes into this host's capability record: every fabric with its status and reason
 * (failed and skipped ones kept, so the planner can say why a fast path was not taken), and one link per
 * tested backend from this host to the peer, failed links included with their reason.
 */
public final class CapabilityRecordAssembler {
  private CapabilityRecordAssembler() {}

  /**
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
    addTo(record, report, measuredAt, unavailable);
    return record.build();
  }

  /** Adds the session's fabrics and links to a record other probes (CUDA) also add to. */
  public static void addTo(
      CapabilityRecord.Builder record, SessionReport report, Instant measuredAt, List<Fabric> unavailable) {
    HostOffer local = report.local();
    Set<String> fabricIds = new HashSet<>();
    for (BackendOutcome outcome : report.outcomes()) {
      if (fabricIds.add(outcome.fabric().id())) {
        record.fabric(outcome.fabric());
      }
    }
    for (Fabric fabric : unavailable) {
      if (fabricIds.add(fabric.id())) {
        record.fabric(fabric);
      }
    }
    if (report.peer() != null) {
      for (BackendOutcome outcome : report.outcomes()) {
        if (outcome.status() == dev.fabricplanner.core.record.FabricStatus.SKIPPED) {
          continue; // never tested against this peer: nothing to say about the link
        }
        record.link(link(local.hostId(), report.peer().hostId(), report.initiator(), outcome, measuredAt));
      }
    }
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
    link.warmupIterations(m.warmupIterations()).payloadVerified(m.payloadVerified()).facts(m.facts());
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
