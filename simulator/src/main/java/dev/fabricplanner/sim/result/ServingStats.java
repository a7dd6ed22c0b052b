package dev.fabricplanner.sim.result;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the step engine measured per request and per token (requests that arrived after the warm-up;
 * token gaps after the warm-up). Results written before the step engine lack these and load with
 * {@code recorded} false.
 *
 * @param recorded whether the run measured these figures
 * @param tpotMs time per output token after the first, per request: (completion - first token) /
 *     (output - 1), per type; one-token answers have none
 * @param itlMs inter-token latency: every gap between two tokens of a request, over all requests
 * @param schedulingDelayMs reaching the node to first being scheduled into a step, per type
 * @param steps engine steps run over the fleet (whole run)
 * @param preemptions preemptions over the fleet (whole run; a request may be preempted repeatedly)
 * @param preemptedRequests measured completed requests preempted at least once
 * @param prefixCacheHitRate prompt tokens found in the prefix cache over prompt tokens, measured
 *     completions
 * @param prefillTokensSaved prompt tokens not computed thanks to the prefix cache, measured completions
 * @param balance the servers' busy time: mean and max/mean
 * @param kvEvents how stale the router's KV index was at its decisions
 */
public record ServingStats(
    boolean recorded,
    Map<String, LatencySummary> tpotMs,
    LatencySummary itlMs,
    Map<String, LatencySummary> schedulingDelayMs,
    long steps,
    long preemptions,
    long preemptedRequests,
    double prefixCacheHitRate,
    long prefillTokensSaved,
    ServerBalance balance,
    KvEventStaleness kvEvents) {

  public ServingStats {
    tpotMs = Collections.unmodifiableMap(new LinkedHashMap<>(tpotMs));
    schedulingDelayMs = Collections.unmodifiableMap(new LinkedHashMap<>(schedulingDelayMs));
  }

  /** A result written before the step engine existed. */
  public static ServingStats notRecorded() {
    LatencySummary none = new LatencySummary(0, 0, 0, 0, 0, 0, 0);
    return new ServingStats(false, Map.of("all", none), none, Map.of("all", none), 0, 0, 0, 0, 0,
        new ServerBalance(0, 0), new KvEventStaleness(0, 0, 0));
  }
}
