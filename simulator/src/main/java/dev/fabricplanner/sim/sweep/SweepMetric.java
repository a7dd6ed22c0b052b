package dev.fabricplanner.sim.sweep;

import dev.fabricplanner.sim.result.SimulationResult;
import java.util.function.ToDoubleFunction;

/** The figures a sweep merge summarises across seeds, named as in {@code <strategy>.json}. */
enum SweepMetric {
  LATENCY_MEAN("latency_ms.mean", r -> r.latencyMs().get("all").mean(), false),
  LATENCY_P50("latency_ms.p50", r -> r.latencyMs().get("all").p50(), false),
  LATENCY_P99("latency_ms.p99", r -> r.latencyMs().get("all").p99(), true),
  TTFT_P50("ttft_ms.p50", r -> r.ttftMs().get("all").p50(), false),
  TTFT_P99("ttft_ms.p99", r -> r.ttftMs().get("all").p99(), true),
  QUEUE_WAIT_P99("queue_wait_ms.p99", r -> r.queueWaitMs().get("all").p99(), false),
  REQUESTS_PER_S("throughput.requests_per_s", r -> r.throughput().requestsPerS(), false),
  TOKENS_PER_S("throughput.tokens_per_s", r -> r.throughput().tokensPerS(), true),
  GPU_UTILIZATION("gpu.utilization", r -> r.gpu().utilization(), false),
  COST_PER_1K_TOKENS("cost_per_1k_tokens", SimulationResult::costPer1kTokens, true),
  COMPLETED("requests.completed", r -> r.requests().completed(), false),
  DROPPED("requests.dropped", r -> r.requests().dropped(), false),
  FAILED("requests.failed", r -> r.requests().failed(), false);

  private final String key;
  private final ToDoubleFunction<SimulationResult> value;
  private final boolean plotted;

  SweepMetric(String key, ToDoubleFunction<SimulationResult> value, boolean plotted) {
    this.key = key;
    this.value = value;
    this.plotted = plotted;
  }

  String key() {
    return key;
  }

  double of(SimulationResult result) {
    return value.applyAsDouble(result);
  }

  /** Drawn against each axis in the HTML report (all are in the CSV and JSON). */
  boolean plotted() {
    return plotted;
  }
}
