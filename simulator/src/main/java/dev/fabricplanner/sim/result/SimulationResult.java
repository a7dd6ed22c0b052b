package dev.fabricplanner.sim.result;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.HdrHistogram.Histogram;

/**
 * Everything one strategy's run measured. A pure function of (config, strategy): no wall-clock values.
 *
 * <p>Maps keyed by request type use the keys {@code all}, {@code llm}, {@code vision}, {@code asr} in
 * that order; a type with no requests is omitted, {@code all} never is.
 *
 * @param strategy strategy name
 * @param seed the run's seed
 * @param simulatedSeconds simulated time covered by the run
 * @param requests request accounting over all types
 * @param requestsByType request accounting per type (same key order)
 * @param latencyMs end-to-end latency (arrival to completion) per type
 * @param ttftMs time to first token (arrival to end of prefill) per type
 * @param queueWaitMs time in the server's waiting queue (first wait plus waits after preemptions)
 *     per type
 * @param serviceMs first scheduled to completion per type
 * @param throughput completed requests and generated tokens per simulated second
 * @param gpu time-weighted slot, VRAM and prefill-busy utilization over the fleet (prefill busy
 *     also per GPU profile)
 * @param costPer1kTokens GPU-seconds times price, per 1000 tokens processed (prompt plus output)
 * @param hedge duplicate requests sent and how they fared
 * @param events events the engine processed
 * @param invariants checks the run made on itself
 * @param latencyHistograms end-to-end latency histograms in microseconds, per type, for CDF plots
 * @param admission KV-cache admission waits and rejections
 * @param serving step-engine figures: TPOT, inter-token latency, scheduling delay, preemptions,
 *     prefix cache
 * @param batches headline metrics per time batch of the measured window, for noise estimates
 * @param kvTransfer KV transfers between prefill and decode nodes (disaggregated fleets only)
 */
public record SimulationResult(
    String strategy,
    long seed,
    double simulatedSeconds,
    RequestCounts requests,
    Map<String, RequestCounts> requestsByType,
    Map<String, LatencySummary> latencyMs,
    Map<String, LatencySummary> ttftMs,
    Map<String, LatencySummary> queueWaitMs,
    Map<String, LatencySummary> serviceMs,
    Throughput throughput,
    GpuUsage gpu,
    double costPer1kTokens,
    HedgeStats hedge,
    long events,
    List<InvariantCheck> invariants,
    Map<String, Histogram> latencyHistograms,
    AdmissionStats admission,
    ServingStats serving,
    BatchSeries batches,
    Optional<KvTransferSummary> kvTransfer) {

  /** Whether every invariant check passed. */
  public boolean invariantsHold() {
    for (InvariantCheck check : invariants) {
      if (!check.passed()) {
        return false;
      }
    }
    return true;
  }
}
