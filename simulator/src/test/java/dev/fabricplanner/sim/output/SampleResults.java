package dev.fabricplanner.sim.output;

import dev.fabricplanner.sim.result.AdmissionStats;
import dev.fabricplanner.sim.result.BatchSeries;
import dev.fabricplanner.sim.result.GpuUsage;
import dev.fabricplanner.sim.result.HedgeStats;
import dev.fabricplanner.sim.result.InvariantCheck;
import dev.fabricplanner.sim.result.KvEventStaleness;
import dev.fabricplanner.sim.result.LatencySummary;
import dev.fabricplanner.sim.result.RequestCounts;
import dev.fabricplanner.sim.result.ServerBalance;
import dev.fabricplanner.sim.result.ServingStats;
import dev.fabricplanner.sim.result.SimulationResult;
import dev.fabricplanner.sim.result.Throughput;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.HdrHistogram.Histogram;

/** Hand-made results with known figures, so the writers' output can be checked value by value. */
final class SampleResults {
  private SampleResults() {}

  static SimulationResult result(String strategy, double p99) {
    Map<String, RequestCounts> counts = new LinkedHashMap<>();
    counts.put("all", new RequestCounts(100, 90, 4, 1, 5));
    counts.put("llm", new RequestCounts(70, 63, 3, 1, 3));
    counts.put("asr", new RequestCounts(30, 27, 1, 0, 2));
    Map<String, LatencySummary> latency = new LinkedHashMap<>();
    latency.put("all", new LatencySummary(90, 50.5, 40, 80, p99, p99 + 10, p99 + 20));
    latency.put("llm", new LatencySummary(63, 60, 45, 90, p99 + 1, p99 + 11, p99 + 21));
    latency.put("asr", new LatencySummary(27, 30, 25, 50, p99 - 1, p99 + 9, p99 + 19));
    Histogram histogram = new Histogram(3);
    for (int i = 1; i <= 90; i++) {
      histogram.recordValue(i * 1000L);
    }
    return new SimulationResult(
        strategy,
        7,
        60.0,
        counts.get("all"),
        counts,
        latency,
        latency,
        latency,
        latency,
        new Throughput(1.5, 1234.25),
        new GpuUsage(0.625, 0.5, 0.4375, prefillBusyByProfile()),
        0.0123,
        new HedgeStats(0, 0, 0),
        4321,
        List.of(new InvariantCheck("conservation", true, "100 = 90 + 4 + 1 + 5")),
        Map.of("all", histogram),
        new AdmissionStats(6, 2),
        new ServingStats(
            true, latency, new LatencySummary(900, 12.5, 11, 20, 30, 31, 40), latency, 5000, 3, 2,
            0.25, 1234, new ServerBalance(0.625, 1.25), new KvEventStaleness(15, 7.5, 15)),
        batches(p99, 0.5),
        Optional.empty());
  }


  /**
   * Twenty batches of 2.5 s from 10 s: every metric at {@code level} plus a trend and a +-{@code
   * wobble} alternation; batch 3 had no TTFT p50 (null in JSON).
   */
  static BatchSeries batches(double level, double wobble) {
    Map<String, List<Double>> values = new LinkedHashMap<>();
    for (String key : BatchSeries.KEYS) {
      List<Double> series = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        boolean empty = key.equals(BatchSeries.TTFT_P50) && i == 3;
        series.add(empty ? Double.NaN : level + i * 0.25 + (i % 2 == 0 ? wobble : -wobble));
      }
      values.put(key, series);
    }
    return new BatchSeries(10, 2.5, values);
  }

  /** {@code base} with other batch values. */
  static SimulationResult withBatches(SimulationResult base, BatchSeries batches) {
    SimulationResult r = base;
    return new SimulationResult(
        r.strategy(), r.seed(), r.simulatedSeconds(), r.requests(), r.requestsByType(),
        r.latencyMs(), r.ttftMs(), r.queueWaitMs(), r.serviceMs(), r.throughput(), r.gpu(),
        r.costPer1kTokens(), r.hedge(), r.events(), r.invariants(), r.latencyHistograms(),
        r.admission(), r.serving(), batches, r.kvTransfer());
  }

  /** Three quarters of the servers at 0.25, one quarter at 1.0: the fleet's 0.4375 above. */
  static Map<String, Double> prefillBusyByProfile() {
    Map<String, Double> byProfile = new LinkedHashMap<>();
    byProfile.put("H100-SXM-80GB", 0.25);
    byProfile.put("A100-SXM-80GB", 1.0);
    return byProfile;
  }
}
