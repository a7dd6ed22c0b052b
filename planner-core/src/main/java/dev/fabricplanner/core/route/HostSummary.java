package dev.fabricplanner.core.route;

import dev.fabricplanner.core.record.CapabilityRecord;
import dev.fabricplanner.core.record.Fabric;
import dev.fabricplanner.core.record.FabricStatus;
import java.time.Instant;

/** One input record, summarised in a plan: who, when, whether stale, what its probe found. */
public record HostSummary(
    String id,
    String hostname,
    Instant measuredAt,
    boolean stale,
    int gpus,
    int fabricsOk,
    int fabricsSkipped,
    int fabricsFailed) {

  static HostSummary of(CapabilityRecord record, boolean stale) {
    int ok = 0;
    int skipped = 0;
    int failed = 0;
    for (Fabric f : record.fabrics()) {
      if (f.status() == FabricStatus.OK) {
        ok++;
      } else if (f.status() == FabricStatus.SKIPPED) {
        skipped++;
      } else {
        failed++;
      }
    }
    return new HostSummary(record.host().id(), record.host().hostname(), record.host().measuredAt(),
        stale, record.gpus().size(), ok, skipped, failed);
  }
}
