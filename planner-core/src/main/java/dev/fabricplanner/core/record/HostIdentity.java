package dev.fabricplanner.core.record;

import java.time.Instant;
import java.util.Objects;

/**
 * Who measured: the host's stable id (unique in a fleet, survives reboots and renames; e.g. the machine id
 * or a cloud instance id), its hostname, the probe agent's version and when the measurement finished.
 */
public record HostIdentity(String id, String hostname, String agentVersion, Instant measuredAt) {
  public HostIdentity {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(hostname, "hostname");
    Objects.requireNonNull(agentVersion, "agentVersion");
    Objects.requireNonNull(measuredAt, "measuredAt");
  }
}
