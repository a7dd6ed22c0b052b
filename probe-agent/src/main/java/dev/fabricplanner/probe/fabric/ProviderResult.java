package dev.fabricplanner.probe.fabric;

import java.util.List;

/**
 * Everything the initiator measured over one provider, or why it could not.
 *
 * @param provider the provider measured (null when it was skipped before an endpoint opened)
 * @param status PASSED (all phases ran, payloads verified), FAILED (a phase failed or a payload was
 *     wrong; the points measured before stay) or SKIPPED
 * @param reason why FAILED or SKIPPED, or null
 * @param notes what was adapted to the provider (a capped sweep, RMA not offered...)
 * @param latency ping-pong per size
 * @param bandwidth windowed send/recv per size
 * @param batches batch sweep at one size
 * @param rmaWrite RMA write per size (empty when not offered)
 */
public record ProviderResult(
    FabricProvider provider,
    Status status,
    String reason,
    List<String> notes,
    List<LatencyPoint> latency,
    List<ThroughputPoint> bandwidth,
    List<ThroughputPoint> batches,
    List<ThroughputPoint> rmaWrite) {

  public enum Status {
    PASSED,
    FAILED,
    SKIPPED
  }

  public ProviderResult {
    notes = List.copyOf(notes);
    latency = List.copyOf(latency);
    bandwidth = List.copyOf(bandwidth);
    batches = List.copyOf(batches);
    rmaWrite = List.copyOf(rmaWrite);
  }

  public static ProviderResult skipped(FabricProvider provider, String reason) {
    return new ProviderResult(provider, Status.SKIPPED, reason, List.of(), List.of(), List.of(),
        List.of(), List.of());
  }
}
