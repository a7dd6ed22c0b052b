package dev.fabricplanner.probe.run;

import dev.fabricplanner.core.record.LinkFacts;
import dev.fabricplanner.core.record.SizeSample;
import java.util.List;
import java.util.Map;

/**
 * What an initiator measured over one backend.
 *
 * @param sweep one sample per size, ascending
 * @param warmupIterations untimed iterations before each size
 * @param payloadVerified every payload was checked before a figure was kept
 * @param facts static facts behind the figures (RMA, HMEM, path class)
 * @param srcDomain the initiator's NIC, or null
 * @param dstDomain the responder's NIC, or null
 * @param settings what the backend was run with, for the report (QUIC windows, congestion control ...)
 */
public record BackendMeasurement(
    List<SizeSample> sweep,
    int warmupIterations,
    boolean payloadVerified,
    LinkFacts facts,
    String srcDomain,
    String dstDomain,
    Map<String, String> settings) {
  public BackendMeasurement {
    sweep = List.copyOf(sweep);
    settings = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(settings));
  }
}
