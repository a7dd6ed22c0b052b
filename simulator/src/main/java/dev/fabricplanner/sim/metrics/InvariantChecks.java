package dev.fabricplanner.sim.metrics;

import dev.fabricplanner.sim.cluster.Fleet;
import dev.fabricplanner.sim.cluster.RequestTable;
import dev.fabricplanner.sim.engine.Engine;
import dev.fabricplanner.sim.result.InvariantCheck;
import java.util.List;
import java.util.Locale;

/**
 * The invariants every run checks on itself (docs/SIMULATOR.md lists them with the tests that exercise
 * each): request conservation, causality, clock monotonicity, KV conservation, Little's law.
 */
public final class InvariantChecks {
  /** Little's law over a finite horizon is an identity; only rounding may separate its two sides. */
  static final double LITTLE_TOLERANCE = 1e-6;

  private InvariantChecks() {}

  public static List<InvariantCheck> check(
      Engine engine, Fleet fleet, RequestTable requests, RunMetrics metrics, long inFlight) {
    long arrived = metrics.arrived[0];
    long completed = metrics.completed[0];
    long dropped = metrics.dropped[0];
    long failed = metrics.failed[0];
    boolean conserved = arrived == completed + dropped + failed + inFlight;
    InvariantCheck conservation =
        new InvariantCheck(
            "request_conservation",
            conserved,
            String.format(
                Locale.ROOT,
                "arrived %d = completed %d + dropped %d + failed %d + in flight %d%s",
                arrived, completed, dropped, failed, inFlight, conserved ? "" : " (does not add up)"));

    long violations = fleet.causalityViolations();
    InvariantCheck causality =
        new InvariantCheck(
            "causality",
            violations == 0,
            violations + " requests broke arrival <= node arrival <= start <= first token <= completion");

    long regressions = engine.clockRegressions();
    InvariantCheck clock =
        new InvariantCheck(
            "clock_monotonic", regressions == 0, regressions + " events earlier than their predecessor");

    int kvMismatches = fleet.kvAccountingMismatches();
    InvariantCheck kv =
        new InvariantCheck(
            "kv_conservation",
            kvMismatches == 0,
            kvMismatches + " servers whose busy slots or reserved KV differ from their requests'");

    int prefillMismatches = fleet.prefillAccountingMismatches();
    InvariantCheck prefill =
        new InvariantCheck(
            "prefill_accounting",
            prefillMismatches == 0,
            prefillMismatches
                + " GPU profiles whose running-prefill count (behind prefill busy) differs from"
                + " their servers found prefilling");

    return List.of(
        conservation, causality, clock, kv, prefill, littlesLaw(engine, requests, arrived));
  }

  /**
   * L = (1/T) x integral of requests in the system; lambda = arrivals / T; W = mean time in the system
   * of every arrival, those still in flight counted up to T. Over [0, T] L = lambda x W exactly
   * (Little's law on a finite horizon), so a gap means a request was counted in or out wrongly.
   */
  private static InvariantCheck littlesLaw(Engine engine, RequestTable requests, long arrived) {
    double end = engine.nowMs();
    double sojourn = engine.departedSojournMs();
    for (int r = 0; r < requests.capacity(); r++) {
      if (requests.inUse(r)
          && (requests.flags[r] & (RequestTable.HEDGE_COPY | RequestTable.RESOLVED)) == 0) {
        sojourn += end - requests.arrivalMs[r];
      }
    }
    if (arrived == 0 || end <= 0) {
      return new InvariantCheck("littles_law", true, "no arrivals");
    }
    double l = engine.inSystemArea() / end;
    double lambda = arrived / end;
    double w = sojourn / arrived;
    double gap = Math.abs(l - lambda * w);
    boolean passed = gap <= LITTLE_TOLERANCE * Math.max(l, 1e-9);
    return new InvariantCheck(
        "littles_law",
        passed,
        String.format(
            Locale.ROOT,
            "L = %.6g, lambda = %.6g /ms, W = %.6g ms, lambda x W = %.6g (relative gap %.2e)",
            l, lambda, w, lambda * w, gap / Math.max(l, 1e-9)));
  }
}
