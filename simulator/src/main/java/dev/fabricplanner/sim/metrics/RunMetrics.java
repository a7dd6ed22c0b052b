package dev.fabricplanner.sim.metrics;

import dev.fabricplanner.sim.result.BatchSeries;
import dev.fabricplanner.sim.result.LatencySummary;
import dev.fabricplanner.sim.result.RequestCounts;
import java.util.LinkedHashMap;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * Counters and latency recorders of one run, overall and per request type. Index 0 is "all", then
 * llm, vision, asr. Request counts cover the whole run (so that they balance); latencies, tokens and
 * throughput cover requests that arrived after the warm-up.
 */
public final class RunMetrics {
  public static final String[] KEYS = {"all", "llm", "vision", "asr"};

  final long[] arrived = new long[4];
  final long[] completed = new long[4];
  final long[] dropped = new long[4];
  final long[] failed = new long[4];
  final LatencyRecorder[] latency = recorders();
  final LatencyRecorder[] ttft = recorders();
  final LatencyRecorder[] queueWait = recorders();
  final LatencyRecorder[] service = recorders();
  final LatencyRecorder[] tpot = recorders();
  final LatencyRecorder[] schedulingDelay = recorders();
  final LatencyRecorder interToken = new LatencyRecorder();
  /** At each measured routing decision, how far the router's KV index lagged the engines. */
  final LatencyRecorder kvIndexLag = new LatencyRecorder();
  private long preemptedRequests;
  private long cachedTokens;
  private long promptTokens;

  private long measuredTokens;
  private long measuredOutputTokens;
  private long measuredCompletions;
  private final RequestOutcomeListener outcomes;
  private final BatchRecorder batches;

  /**
   * Metrics of a run measured from {@code measuredFromMs} (the end of the warm-up) to {@code endMs};
   * they also tell {@code outcomes} (when not null) of each measured completion.
   */
  public RunMetrics(RequestOutcomeListener outcomes, double measuredFromMs, double endMs) {
    this.outcomes = outcomes;
    this.batches = new BatchRecorder(measuredFromMs, endMs);
  }

  private static LatencyRecorder[] recorders() {
    LatencyRecorder[] r = new LatencyRecorder[4];
    for (int i = 0; i < 4; i++) {
      r[i] = new LatencyRecorder();
    }
    return r;
  }

  public void arrived(int type) {
    arrived[0]++;
    arrived[type + 1]++;
  }

  public void dropped(int type) {
    dropped[0]++;
    dropped[type + 1]++;
  }

  public void failed(int type) {
    failed[0]++;
    failed[type + 1]++;
  }

  public void completed(int type) {
    completed[0]++;
    completed[type + 1]++;
  }

  /** Latencies of a completed request that arrived after the warm-up. */
  public void recordMeasured(
      int type,
      double e2eMs,
      double ttftMs,
      double tpotMs,
      double waitMs,
      double schedulingDelayMs,
      double serviceMs,
      int in,
      int out) {
    record(latency, type, e2eMs);
    record(ttft, type, ttftMs);
    if (!Double.isNaN(tpotMs)) {
      record(tpot, type, tpotMs);
    }
    record(queueWait, type, waitMs);
    record(schedulingDelay, type, schedulingDelayMs);
    record(service, type, serviceMs);
    promptTokens += in;
    measuredTokens += in + (long) out;
    measuredOutputTokens += out;
    measuredCompletions++;
  }

  /** A measured completion's own figures, for the time batches and the listener if there is one. */
  public void recordOutcome(
      double arrivalMs, double ttftMs, double tpotMs, double e2eMs, int outputTokens) {
    batches.record(arrivalMs, ttftMs, e2eMs, tpotMs);
    if (outcomes != null) {
      outcomes.completed(arrivalMs, ttftMs, e2eMs, outputTokens);
    }
  }

  /** Step-engine figures of a measured completed request. */
  public void recordEngine(int preemptions, int cached) {
    if (preemptions > 0) {
      preemptedRequests++;
    }
    cachedTokens += cached;
  }

  public void recordKvIndexLag(double ms) {
    kvIndexLag.record(ms);
  }

  public LatencySummary kvIndexLagSummary() {
    return kvIndexLag.summary();
  }

  /** {@code count} tokens that each came {@code gapMs} after their request's previous token. */
  public void recordTokenGaps(double gapMs, int count) {
    interToken.record(gapMs, count);
  }

  public BatchSeries batchSeries() {
    return batches.series();
  }

  public Map<String, LatencySummary> tpotSummaries() {
    return summaries(tpot);
  }

  public Map<String, LatencySummary> schedulingDelaySummaries() {
    return summaries(schedulingDelay);
  }

  public LatencySummary interTokenSummary() {
    return interToken.summary();
  }

  public long preemptedRequests() {
    return preemptedRequests;
  }

  public long cachedTokens() {
    return cachedTokens;
  }

  public long promptTokens() {
    return promptTokens;
  }

  private static void record(LatencyRecorder[] recorders, int type, double ms) {
    recorders[0].record(ms);
    recorders[type + 1].record(ms);
  }

  public long arrivedAll() {
    return arrived[0];
  }

  public long measuredTokens() {
    return measuredTokens;
  }

  public long measuredOutputTokens() {
    return measuredOutputTokens;
  }

  public long measuredCompletions() {
    return measuredCompletions;
  }

  /** Whether "all" or a type that had requests. */
  private boolean shown(int index) {
    return index == 0 || arrived[index] > 0;
  }

  public RequestCounts counts(int index, long inFlight) {
    return new RequestCounts(arrived[index], completed[index], dropped[index], failed[index], inFlight);
  }

  public Map<String, RequestCounts> countsByType(long[] inFlightByIndex) {
    Map<String, RequestCounts> map = new LinkedHashMap<>();
    for (int i = 0; i < 4; i++) {
      if (shown(i)) {
        map.put(KEYS[i], counts(i, inFlightByIndex[i]));
      }
    }
    return map;
  }

  public Map<String, LatencySummary> latencySummaries() {
    return summaries(latency);
  }

  public Map<String, LatencySummary> ttftSummaries() {
    return summaries(ttft);
  }

  public Map<String, LatencySummary> queueWaitSummaries() {
    return summaries(queueWait);
  }

  public Map<String, LatencySummary> serviceSummaries() {
    return summaries(service);
  }

  private Map<String, LatencySummary> summaries(LatencyRecorder[] recorders) {
    Map<String, LatencySummary> map = new LinkedHashMap<>();
    for (int i = 0; i < 4; i++) {
      if (shown(i)) {
        map.put(KEYS[i], recorders[i].summary());
      }
    }
    return map;
  }

  public Map<String, Histogram> latencyHistograms() {
    Map<String, Histogram> map = new LinkedHashMap<>();
    for (int i = 0; i < 4; i++) {
      if (shown(i)) {
        map.put(KEYS[i], latency[i].histogramCopy());
      }
    }
    return map;
  }
}
