package dev.fabricplanner.core.plan;

import dev.fabricplanner.core.record.LinkMeasurement;
import java.time.Instant;

/** Variations of test measurements. */
final class LinkMeasurementFixtures {
  private LinkMeasurementFixtures() {}

  /** The same measurement, taken at another time. */
  static LinkMeasurement at(Instant when, LinkMeasurement m) {
    return new LinkMeasurement(m.src(), m.dst(), m.backend(), m.provider(), m.fabricName(),
        m.srcDomain(), m.dstDomain(), m.status(), m.reason(), when, m.warmupIterations(),
        m.payloadVerified(), m.sweep(), m.facts(), m.settings());
  }
}
