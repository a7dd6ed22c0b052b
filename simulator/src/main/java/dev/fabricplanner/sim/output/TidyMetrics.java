package dev.fabricplanner.sim.output;

import dev.fabricplanner.sim.result.LatencySummary;
import dev.fabricplanner.sim.result.RequestCounts;
import dev.fabricplanner.sim.result.SimulationResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code <strategy>/metrics.csv} in tidy form: one row per (metric, request type, statistic), so that
 * pandas or R can filter and pivot without knowing our column layout.
 */
public final class TidyMetrics {
  static final List<String> HEADER = List.of("metric", "request_type", "statistic", "value");

  private TidyMetrics() {}

  /** The rows, header first. */
  public static List<List<String>> rows(SimulationResult result) {
    List<List<String>> rows = new ArrayList<>();
    rows.add(HEADER);
    result.requestsByType().forEach((type, counts) -> addCounts(rows, type, counts));
    addLatencies(rows, "latency_ms", result.latencyMs());
    addLatencies(rows, "ttft_ms", result.ttftMs());
    addLatencies(rows, "queue_wait_ms", result.queueWaitMs());
    addLatencies(rows, "service_ms", result.serviceMs());
    add(rows, "throughput", "all", "requests_per_s", result.throughput().requestsPerS());
    add(rows, "throughput", "all", "tokens_per_s", result.throughput().tokensPerS());
    add(rows, "gpu", "all", "utilization", result.gpu().utilization());
    add(rows, "gpu", "all", "vram_utilization", result.gpu().vramUtilization());
    if (result.gpu().prefillBusyRecorded()) {
      add(rows, "gpu", "all", "prefill_busy", result.gpu().prefillBusy());
      add(rows, "gpu", "all", "prefill_busy_max", result.gpu().busiestPrefill());
      result.gpu().prefillBusyByProfile().forEach(
          (profile, busy) -> add(rows, "gpu_profile/" + profile, "all", "prefill_busy", busy));
    }
    add(rows, "cost", "all", "per_1k_tokens", result.costPer1kTokens());
    add(rows, "hedge", "all", "issued", result.hedge().issued());
    add(rows, "hedge", "all", "won", result.hedge().won());
    add(rows, "hedge", "all", "wasted_gpu_s", result.hedge().wastedGpuS());
    add(rows, "admission", "all", "kv_waits", result.admission().kvWaits());
    add(rows, "admission", "all", "kv_rejects", result.admission().kvRejects());
    add(rows, "engine", "all", "events", result.events());
    if (result.serving().recorded()) {
      add(rows, "engine", "all", "steps", result.serving().steps());
      addLatencies(rows, "tpot_ms", result.serving().tpotMs());
      addLatencies(rows, "itl_ms", Map.of("all", result.serving().itlMs()));
      addLatencies(rows, "scheduling_delay_ms", result.serving().schedulingDelayMs());
      add(rows, "preemptions", "all", "count", result.serving().preemptions());
      add(rows, "preemptions", "all", "requests_preempted", result.serving().preemptedRequests());
      add(rows, "prefix_cache", "all", "hit_rate", result.serving().prefixCacheHitRate());
      add(rows, "prefix_cache", "all", "prefill_tokens_saved", result.serving().prefillTokensSaved());
      add(rows, "load_balance", "all", "busy_mean", result.serving().balance().busyMean());
      add(rows, "load_balance", "all", "busy_imbalance", result.serving().balance().busyImbalance());
      add(rows, "kv_events", "all", "delay_ms", result.serving().kvEvents().delayMs());
      add(rows, "kv_events", "all", "staleness_mean_ms", result.serving().kvEvents().meanMs());
      add(rows, "kv_events", "all", "staleness_p99_ms", result.serving().kvEvents().p99Ms());
    }
    return rows;
  }

  private static void addCounts(List<List<String>> rows, String type, RequestCounts counts) {
    add(rows, "requests", type, "arrived", counts.arrived());
    add(rows, "requests", type, "completed", counts.completed());
    add(rows, "requests", type, "dropped", counts.dropped());
    add(rows, "requests", type, "failed", counts.failed());
    add(rows, "requests", type, "in_flight", counts.inFlight());
  }

  private static void addLatencies(
      List<List<String>> rows, String metric, Map<String, LatencySummary> byType) {
    byType.forEach((type, summary) -> {
      add(rows, metric, type, "count", summary.count());
      add(rows, metric, type, "mean", summary.mean());
      add(rows, metric, type, "p50", summary.p50());
      add(rows, metric, type, "p95", summary.p95());
      add(rows, metric, type, "p99", summary.p99());
      add(rows, metric, type, "p999", summary.p999());
      add(rows, metric, type, "max", summary.max());
    });
  }

  private static void add(List<List<String>> rows, String metric, String type, String stat, double value) {
    rows.add(List.of(metric, type, stat, Numbers.format(value)));
  }

  private static void add(List<List<String>> rows, String metric, String type, String stat, long value) {
    rows.add(List.of(metric, type, stat, Long.toString(value)));
  }
}
