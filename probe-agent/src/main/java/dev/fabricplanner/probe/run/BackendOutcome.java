package dev.fabricplanner.probe.run;

import dev.fabricplanner.core.record.Fabric;
import dev.fabricplanner.core.record.FabricStatus;

/**
 * What became of one backend in a probe session.
 *
 * @param key the backend's key
 * @param fabric this host's fabric entry, with the status and reason of the test
 * @param measurement the figures when the test passed, else null
 */
public record BackendOutcome(String key, Fabric fabric, BackendMeasurement measurement) {

  public static BackendOutcome passed(ProbeBackend backend, BackendMeasurement measurement) {
    return new BackendOutcome(backend.key(), backend.fabric(), measurement);
  }

  public static BackendOutcome failed(ProbeBackend backend, String reason) {
    return new BackendOutcome(backend.key(), backend.fabric().withStatus(FabricStatus.FAILED, reason), null);
  }

  public static BackendOutcome skipped(ProbeBackend backend, String reason) {
    return new BackendOutcome(backend.key(), backend.fabric().withStatus(FabricStatus.SKIPPED, reason), null);
  }

  /** A fabric found unusable before any backend object could exist (provider absent, library missing). */
  public static BackendOutcome unavailable(String key, Fabric fabric) {
    return new BackendOutcome(key, fabric, null);
  }

  public FabricStatus status() {
    return fabric.status();
  }

  public String reason() {
    return fabric.reason();
  }
}
