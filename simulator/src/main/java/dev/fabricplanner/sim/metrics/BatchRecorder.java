package dev.fabricplanner.sim.metrics;

import dev.fabricplanner.sim.result.BatchSeries;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Splits the measured window into {@link #BATCHES} equal time batches and keeps the headline metrics
 * of each: the raw material of batch means (docs/OUTPUTS.md, "Verdict").
 */
final class BatchRecorder {
  /** Enough batches for a t-interval with 19 degrees of freedom, few enough to hold many requests. */
  static final int BATCHES = 20;

  private final double startMs;
  private final double batchMs;
  private final LatencyRecorder[] ttft = new LatencyRecorder[BATCHES];
  private final LatencyRecorder[] e2e = new LatencyRecorder[BATCHES];
  private final double[] tpotSum = new double[BATCHES];
  private final long[] tpotCount = new long[BATCHES];
  private final long[] completions = new long[BATCHES];

  BatchRecorder(double startMs, double endMs) {
    this.startMs = startMs;
    this.batchMs = (endMs - startMs) / BATCHES;
    for (int b = 0; b < BATCHES; b++) {
      ttft[b] = new LatencyRecorder();
      e2e[b] = new LatencyRecorder();
    }
  }

  void record(double arrivalMs, double ttftMs, double e2eMs, double tpotMs) {
    int b = batch(arrivalMs);
    ttft[b].record(ttftMs);
    e2e[b].record(e2eMs);
    if (!Double.isNaN(tpotMs)) {
      tpotSum[b] += tpotMs;
      tpotCount[b]++;
    }
    completions[batch(arrivalMs + e2eMs)]++;
  }

  private int batch(double ms) {
    if (batchMs <= 0) {
      return 0;
    }
    return (int) Math.max(0, Math.min(BATCHES - 1, Math.floor((ms - startMs) / batchMs)));
  }

  BatchSeries series() {
    Map<String, List<Double>> values = new LinkedHashMap<>();
    for (String key : BatchSeries.KEYS) {
      values.put(key, new ArrayList<>(BATCHES));
    }
    for (int b = 0; b < BATCHES; b++) {
      boolean any = ttft[b].count() > 0;
      values.get(BatchSeries.TTFT_P50).add(any ? ttft[b].summary().p50() : Double.NaN);
      values.get(BatchSeries.TTFT_P99).add(any ? ttft[b].summary().p99() : Double.NaN);
      values.get(BatchSeries.E2E_P99).add(any ? e2e[b].summary().p99() : Double.NaN);
      values.get(BatchSeries.TPOT_MEAN).add(tpotCount[b] > 0 ? tpotSum[b] / tpotCount[b] : Double.NaN);
      values.get(BatchSeries.THROUGHPUT).add(batchMs > 0 ? completions[b] / (batchMs / 1000) : Double.NaN);
    }
    return new BatchSeries(startMs / 1000, batchMs / 1000, values);
  }
}
