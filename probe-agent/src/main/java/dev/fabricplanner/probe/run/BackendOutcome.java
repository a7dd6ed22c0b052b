package dev.fabricplanner.probe.run;

import dev.fabricplanner.core.record.Fabric;
import dev.fabricplanner.core.record.FabricStatus;
import java.time.Instant;

/**
 * What became of one backend in a probe session.
 *
 * @param key the backend's key
 * @param fabric this host's fabric entry, with the status and reason of the test
 * @param measurement the figures when the test passed, else null
 * @param settledAt when this outcome was known (the end of the backend's test): each link's own time,
 *     since one session, or a serve with many joiners, spans minutes to hours
 */
public record BackendOutcome(String key, Fabric fabric, BackendMeasurement measurement, Instant settledAt) {

  public static BackendOutcome passed(ProbeBackend backend, BackendMeasurement measurement) {
    return new BackendOutcome(backend.key(), backend.fabric(), measurement, Instant.now());
  }

  public static BackendOutcome failed(ProbeBackend backend, String reason) {
    return new BackendOutcome(backend.key(), backend.fabric().withStatus(FabricStatus.FAILED, reason), null, Instant.now());
  }

  public static BackendOutcome skipped(ProbeBackend backend, String reason) {
    return new BackendOutcome(backend.key(), backend.fabric().withStatus(FabricStatus.SKIPPED, reason), null, Instant.now());
  }

  /** A fabric found unusable before any backend object could exist (provider absent, library missing). */
  public static BackendOutcome unavailable(String key, Fabric fabric) {
    return new BackendOutcome(key, fabric, null, Instant.now());
  }

  public FabricStatus status() {
    return fabric.status();
  }

  public String reason() {
    return fabric.reason();
  }
}
