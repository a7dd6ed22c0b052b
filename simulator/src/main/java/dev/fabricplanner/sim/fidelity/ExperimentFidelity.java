package dev.fabricplanner.sim.fidelity;

import java.util.List;
import java.util.Map;

/**
 * One experiment's outcome: its stages and, when every stage was predicted, the whole run.
 *
 * @param summary whole-run figures, empty when a stage's rate or duration is unknown
 * @param percentiles with per-request ground truth (a replayed trace): the error of each TTFT and E2E
 *     percentile, keyed like {@code ttft_p50_ms}; empty otherwise
 * @param reason why the experiment was skipped, or what was approximated; empty when nothing was
 * @param overloaded the run's notes say the measured engine saturated (requests timed out): its
 *     latencies are those of the requests served within the client's timeout, reported apart
 */
public record ExperimentFidelity(
    String id,
    boolean ok,
    String reason,
    boolean overloaded,
    Map<FidelityMetric, MetricComparison> summary,
    List<StageFidelity> stages,
    Map<String, MetricComparison> percentiles) {

  public static ExperimentFidelity skipped(String id, String reason) {
    return new ExperimentFidelity(id, false, reason, false, Map.of(), List.of(), Map.of());
  }
}
