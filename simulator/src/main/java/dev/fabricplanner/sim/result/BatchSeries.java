package dev.fabricplanner.sim.result;

import java.util.List;
import java.util.Map;

/**
 * Headline metrics per time batch of the measured window, for telling a real difference between
 * strategies from noise (docs/OUTPUTS.md, "Verdict"). Latencies are grouped by the request's arrival
 * time, so every strategy's batch i holds the same arrivals; throughput by completion time.
 *
 * @param firstS start of the first batch (the end of the warm-up), simulated seconds
 * @param batchS length of each batch, seconds
 * @param values metric key (the constants here) to one value per batch; NaN where a batch had none
 */
public record BatchSeries(double firstS, double batchS, Map<String, List<Double>> values) {
  public static final String TTFT_P50 = "ttft_p50_ms";
  public static final String TTFT_P99 = "ttft_p99_ms";
  public static final String E2E_P99 = "e2e_p99_ms";
  public static final String TPOT_MEAN = "tpot_mean_ms";
  public static final String THROUGHPUT = "requests_per_s";
  /** Every key, in the order files list them. */
  public static final List<String> KEYS = List.of(TTFT_P50, TTFT_P99, E2E_P99, TPOT_MEAN, THROUGHPUT);

  /** No batches (results saved before batches were recorded). */
  public static BatchSeries none() {
    return new BatchSeries(0, 0, Map.of());
  }

  public boolean recorded() {
    return !values.isEmpty();
  }

  /** One metric's batch values; empty when not recorded. */
  public double[] of(String key) {
    return values.getOrDefault(key, List.of()).stream().mapToDouble(Double::doubleValue).toArray();
  }
}
