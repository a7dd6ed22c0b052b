package dev.fabricplanner.core.plan;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Rules the planner applies to every hop.
 *
 * @param latencyCapUs most per-token time a hop may add, in microseconds; null for no cap
 * @param maxRecordAge records and measurements older than this are flagged STALE_RECORD
 * @param now the time staleness is judged at (fixed in tests and for reproducible plans)
 * @param stripeThresholdBytes transfers at least this large are striped across the NICs both ends have
 *     on a fabric
 */
public record PlannerSettings(
    Double latencyCapUs, Duration maxRecordAge, Instant now, long stripeThresholdBytes) {

  /** Mooncake's transfer engine slices transfers into 64 KiB pieces spread over NICs. */
  public static final long DEFAULT_STRIPE_THRESHOLD_BYTES = 65_536;

  public static final Duration DEFAULT_MAX_RECORD_AGE = Duration.ofDays(7);

  public PlannerSettings {
    Objects.requireNonNull(maxRecordAge, "maxRecordAge");
    Objects.requireNonNull(now, "now");
    if (latencyCapUs != null && !(latencyCapUs > 0)) {
      throw new IllegalArgumentException("latencyCapUs must be > 0");
    }
    if (stripeThresholdBytes < 1) {
      throw new IllegalArgumentException("stripeThresholdBytes must be >= 1");
    }
  }

  public static PlannerSettings defaults(Instant now) {
    return new PlannerSettings(null, DEFAULT_MAX_RECORD_AGE, now, DEFAULT_STRIPE_THRESHOLD_BYTES);
  }

  public PlannerSettings withLatencyCapUs(Double capUs) {
    return new PlannerSettings(capUs, maxRecordAge, now, stripeThresholdBytes);
  }
}
