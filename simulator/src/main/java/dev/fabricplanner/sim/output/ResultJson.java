package dev.fabricplanner.sim.output;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fabricplanner.sim.result.BatchSeries;
import dev.fabricplanner.sim.result.InvariantCheck;
import dev.fabricplanner.sim.result.KvTransferSummary;
import dev.fabricplanner.sim.result.LatencySummary;
import dev.fabricplanner.sim.result.RequestCounts;
import dev.fabricplanner.sim.result.ServingStats;
import dev.fabricplanner.sim.result.SimulationResult;
import java.util.Map;

/**
 * {@code <strategy>.json}: one run's figures for programs. Key names are a contract (design.md):
 * {@code latency_ms.p99} is the overall figure and {@code latency_ms.by_type.llm.p99} the per-type one.
 */
public final class ResultJson {
  static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ResultJson() {}

  public static String render(SimulationResult result) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("strategy", result.strategy());
    root.put("seed", result.seed());
    root.put("simulated_s", result.simulatedSeconds());
    ObjectNode requests = counts(result.requests());
    ObjectNode requestsByType = requests.putObject("by_type");
    result.requestsByType().forEach((type, counts) -> {
      if (!type.equals("all")) {
        requestsByType.set(type, counts(counts));
      }
    });
    root.set("requests", requests);
    root.set("latency_ms", latencies(result.latencyMs()));
    root.set("ttft_ms", latencies(result.ttftMs()));
    root.set("queue_wait_ms", latencies(result.queueWaitMs()));
    root.set("service_ms", latencies(result.serviceMs()));
    ObjectNode throughput = root.putObject("throughput");
    throughput.put("requests_per_s", result.throughput().requestsPerS());
    throughput.put("tokens_per_s", result.throughput().tokensPerS());
    ObjectNode gpu = root.putObject("gpu");
    gpu.put("utilization", result.gpu().utilization());
    gpu.put("vram_utilization", result.gpu().vramUtilization());
    if (result.gpu().prefillBusyRecorded()) {
      gpu.put("prefill_busy", result.gpu().prefillBusy());
      ObjectNode byProfile = gpu.putObject("prefill_busy_by_profile");
      result.gpu().prefillBusyByProfile().forEach(byProfile::put);
    }
    root.put("cost_per_1k_tokens", result.costPer1kTokens());
    ObjectNode hedge = root.putObject("hedge");
    hedge.put("issued", result.hedge().issued());
    hedge.put("won", result.hedge().won());
    hedge.put("wasted_gpu_s", result.hedge().wastedGpuS());
    ObjectNode admission = root.putObject("admission");
    admission.put("kv_waits", result.admission().kvWaits());
    admission.put("kv_rejects", result.admission().kvRejects());
    ObjectNode engine = root.putObject("engine");
    engine.put("events", result.events());
    ServingStats serving = result.serving();
    if (serving.recorded()) {
      engine.put("steps", serving.steps());
      root.set("tpot_ms", latencies(serving.tpotMs()));
      root.set("itl_ms", summary(serving.itlMs()));
      root.set("scheduling_delay_ms", latencies(serving.schedulingDelayMs()));
      ObjectNode preemptions = root.putObject("preemptions");
      preemptions.put("count", serving.preemptions());
      preemptions.put("requests_preempted", serving.preemptedRequests());
      ObjectNode prefix = root.putObject("prefix_cache");
      prefix.put("hit_rate", serving.prefixCacheHitRate());
      prefix.put("prefill_tokens_saved", serving.prefillTokensSaved());
      ObjectNode balance = root.putObject("load_balance");
      balance.put("busy_mean", serving.balance().busyMean());
      balance.put("busy_imbalance", serving.balance().busyImbalance());
      ObjectNode kvEvents = root.putObject("kv_events");
      kvEvents.put("delay_ms", serving.kvEvents().delayMs());
      kvEvents.put("staleness_mean_ms", serving.kvEvents().meanMs());
      kvEvents.put("staleness_p99_ms", serving.kvEvents().p99Ms());
    }
    if (result.batches().recorded()) {
      root.set("batches", batches(result.batches()));
    }
    result.kvTransfer().ifPresent(kv -> root.set("kv_transfer", kvTransfer(kv)));
    ObjectNode invariants = root.putObject("invariants");
    for (InvariantCheck check : result.invariants()) {
      ObjectNode node = invariants.putObject(check.name());
      node.put("passed", check.passed());
      node.put("detail", check.detail());
    }
    try {
      return MAPPER.writeValueAsString(root) + "\n";
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("a tree of plain values always serializes", e);
    }
  }

  /** Per-batch values; a batch without a value is {@code null} (JSON has no NaN). */
  private static ObjectNode batches(BatchSeries series) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("first_s", series.firstS());
    node.put("batch_s", series.batchS());
    series.values().forEach((key, values) -> {
      ArrayNode array = node.putArray(key);
      values.forEach(v -> {
        if (Double.isNaN(v)) {
          array.addNull();
        } else {
          array.add(v);
        }
      });
    });
    return node;
  }

  private static ObjectNode kvTransfer(KvTransferSummary kv) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("transfers", kv.transfers());
    ObjectNode bytes = node.putObject("bytes_by_transport");
    kv.bytesByTransport().forEach(bytes::put);
    node.set("ms", summary(kv.transferMs()));
    node.put("extrapolated", kv.extrapolated());
    node.put("link_wait_ms", kv.linkWaitMs());
    ObjectNode links = node.putObject("links");
    kv.links().forEach((transport, use) -> {
      ObjectNode link = links.putObject(transport);
      link.put("links", use.links());
      link.put("mean_utilization", use.meanUtilization());
      link.put("max_utilization", use.maxUtilization());
      link.put("busiest", use.busiest());
    });
    node.put("ttft_share", kv.ttftShare());
    ObjectNode parts = node.putObject("ttft_breakdown_ms");
    kv.ttftBreakdownMs().forEach(parts::put);
    ObjectNode fallbacks = node.putObject("fallbacks");
    kv.fallbacks().forEach(fallbacks::put);
    kv.pipelineHops().ifPresent(hops -> {
      ObjectNode pipeline = node.putObject("pipeline_hops");
      pipeline.put("sends", hops.sends());
      ObjectNode sent = pipeline.putObject("bytes_by_transport");
      hops.bytesByTransport().forEach(sent::put);
      pipeline.put("extrapolated", hops.extrapolated());
      pipeline.put("link_wait_ms", hops.linkWaitMs());
    });
    return node;
  }

  private static ObjectNode counts(RequestCounts counts) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("arrived", counts.arrived());
    node.put("completed", counts.completed());
    node.put("dropped", counts.dropped());
    node.put("failed", counts.failed());
    node.put("in_flight", counts.inFlight());
    return node;
  }

  private static ObjectNode latencies(Map<String, LatencySummary> byType) {
    ObjectNode node = summary(byType.get("all"));
    ObjectNode perType = node.putObject("by_type");
    byType.forEach((type, summary) -> {
      if (!type.equals("all")) {
        perType.set(type, summary(summary));
      }
    });
    return node;
  }

  private static ObjectNode summary(LatencySummary summary) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("count", summary.count());
    node.put("mean", summary.mean());
    node.put("p50", summary.p50());
    node.put("p95", summary.p95());
    node.put("p99", summary.p99());
    node.put("p999", summary.p999());
    node.put("max", summary.max());
    return node;
  }
}
